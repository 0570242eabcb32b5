-- R-Q-9: a NIK that belongs to an activated account is booked by another
-- account only with that owner's consent. The requester asks for a NIK; the
-- owner accepts (accepted_by is the owner then, so an account that later
-- holds the NIK has consented to nothing).
CREATE TABLE family_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    requester_id BIGINT NOT NULL REFERENCES accounts (id),
    nik TEXT NOT NULL,
    accepted_by BIGINT,
    accepted_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (requester_id, nik)
);
CREATE INDEX family_links_nik ON family_links (nik);
