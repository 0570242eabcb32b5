-- Every e-mail is written here in the transaction of the change that causes
-- it, and a worker sends it with retries (issue 13.3): a request never
-- waits on the relay, and a failed send is retried and logged. The body
-- holds codes and links, so it is blanked once the mail is sent or given up.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);

-- What an Idempotency-Key was first used for: a reuse with another body is
-- refused instead of silently answered with the first booking.
ALTER TABLE bookings ADD COLUMN request_hash TEXT;
