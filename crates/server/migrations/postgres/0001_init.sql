-- Paspor schema. Dates are ISO text (YYYY-MM-DD), instants are Unix seconds,
-- booleans are 0/1: the same values on SQLite and PostgreSQL.
CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    nik TEXT NOT NULL UNIQUE,
    kk TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    phone TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 0,
    device_id TEXT,
    photo BYTEA,
    created_at BIGINT NOT NULL
);
CREATE INDEX accounts_device ON accounts (device_id);

CREATE TABLE email_tokens (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    code_hash TEXT,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX email_tokens_account ON email_tokens (account_id, purpose);

CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE offices (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    address TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    online_quota BIGINT NOT NULL
);

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE slots (
    id BIGSERIAL PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES offices (id),
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    taken BIGINT NOT NULL DEFAULT 0,
    release_at BIGINT NOT NULL,
    UNIQUE (office_id, date, start_time),
    CHECK (taken >= 0 AND taken <= capacity)
);

CREATE TABLE bookings (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    slot_id BIGINT NOT NULL REFERENCES slots (id),
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT,
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX bookings_account ON bookings (account_id);

CREATE TABLE booking_applicants (
    id BIGSERIAL PRIMARY KEY,
    booking_id BIGINT NOT NULL REFERENCES bookings (id),
    position BIGINT NOT NULL,
    full_name TEXT NOT NULL,
    nik TEXT NOT NULL,
    kk TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    relation TEXT,
    application_type TEXT NOT NULL,
    old_passport_number TEXT,
    old_passport_expiry TEXT,
    mrz_verified BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX booking_applicants_booking ON booking_applicants (booking_id);

-- One row per NIK that holds an active booking (R-Q-8); the primary key
-- makes a second concurrent booking for the same person fail in the database.
CREATE TABLE active_niks (
    nik TEXT PRIMARY KEY,
    booking_id BIGINT NOT NULL,
    date TEXT NOT NULL
);

CREATE TABLE reports (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    passport_number TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    nationality TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    expiry_date TEXT NOT NULL,
    mrz_verified BIGINT NOT NULL,
    country TEXT NOT NULL,
    city TEXT NOT NULL,
    address TEXT NOT NULL,
    stay_from TEXT NOT NULL,
    stay_until TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX reports_account ON reports (account_id);

-- Rate limiting lives in the database so every server process shares it.
CREATE TABLE rate_events (
    id BIGSERIAL PRIMARY KEY,
    bucket TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);
