-- Email (internal/mail): each member's choice per kind of notification, the
-- notes waiting for an email or the weekly digest, the outbox of every
-- message composed, and the instance's own settings (the secret that signs
-- unsubscribe links).

-- Instance-wide settings that belong in the database rather than in flags,
-- so every replica agrees on them (a signing secret made on first use).
CREATE TABLE instance_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A member's choice for one kind of notification; a kind without a row has
-- its default (internal/mail Kinds).
CREATE TABLE mail_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('now', 'digest', 'never')),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- The weekly digest's master switch; no row means on.
CREATE TABLE mail_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    weekly_digest BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at BIGINT NOT NULL
);

-- Every message composed, with what became of it: sent, kept (no SMTP
-- server is configured: the demo's outbox), failed (the last error; the
-- job retries). The raw message is stored so a retry sends the very same
-- bytes, Message-ID included.
CREATE TABLE mail_outbox (
    id ID,
    job_id BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('notes', 'digest')),
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    message_id TEXT NOT NULL,
    unsubscribe_url TEXT NOT NULL,
    text_body TEXT NOT NULL,
    raw TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'kept', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT
);
-- One message per job: a job run again finds the message it composed.
CREATE UNIQUE INDEX mail_outbox_job ON mail_outbox (job_id);

-- Notes waiting to be mailed at once ('now') or in the next digest
-- ('digest'); outbox_id is the message that carried the note.
CREATE TABLE mail_notes (
    notification_id BIGINT PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('now', 'digest')),
    outbox_id BIGINT REFERENCES mail_outbox (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mail_notes_waiting ON mail_notes (user_id, mode, notification_id) WHERE outbox_id IS NULL;
