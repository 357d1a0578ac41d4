-- Durable background work (internal/jobs): reminders, follow-ups, digests,
-- webhook deliveries and rollups are rows here, leased by one replica at a
-- time and marked done in the transaction of their effect, so each happens
-- once however many `cultivate serve` replicas share the database.
CREATE TABLE jobs (
    id ID,
    kind TEXT NOT NULL,
    -- dedupe_key makes enqueueing idempotent: a second job of the same kind
    -- and key is not added ('' means no key).
    dedupe_key TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    run_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    leased_by TEXT NOT NULL DEFAULT '',
    lease_until BIGINT,
    done_at BIGINT,
    failed_at BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_kind_key ON jobs (kind, dedupe_key) WHERE dedupe_key <> '';
-- The queue: only jobs still to do, oldest due first.
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_kind ON jobs (kind, id);
