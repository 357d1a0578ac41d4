-- Reach: outgoing webhooks per community (internal/webhook), their delivery
-- log, and the secret per-member tokens of Atom feeds (internal/feed).

-- A webhook's secret signs the generic payload (HMAC-SHA256); it is kept
-- in the clear because signing needs it, and shown to the leader only once.
CREATE TABLE webhooks (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('slack', 'teams', 'generic')),
    -- the topics sent, space-separated: help knowledge events ...
    topics TEXT NOT NULL DEFAULT '',
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhooks_community ON webhooks (community_id, id);

-- One row per attempt to deliver (or a delivery skipped because the
-- webhook was paused), newest read first by the leader.
CREATE TABLE webhook_deliveries (
    id ID,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    job_id BIGINT NOT NULL,
    activity_id BIGINT,
    kind TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at BIGINT NOT NULL,
    status_code INTEGER NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed', 'skipped'))
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

-- A feed token lets a feed reader (which cannot log in) read the feeds of
-- the private communities its owner belongs to. It is kept in the clear so
-- the member can see their feed address again; it grants reading only.
CREATE TABLE feed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX feed_tokens_token ON feed_tokens (token);
