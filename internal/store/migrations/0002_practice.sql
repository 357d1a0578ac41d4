-- Practice: help requests answered within a commitment, replies and
-- comments, revisions, learning loops (follow-ups and outcomes), knowledge
-- artefacts, full-text search and the in-app inbox.

-- @handles for mentions. Existing accounts get a neutral one; new accounts
-- get one made from their name (internal/account).
ALTER TABLE users ADD COLUMN handle TEXT NOT NULL DEFAULT '';
UPDATE users SET handle = 'member-' || CAST(id AS TEXT) WHERE handle = '';
CREATE UNIQUE INDEX users_handle ON users (handle) WHERE handle <> '';

-- A community's promise to the people who ask (seed 002: respond within a
-- given time frame) and the rhythm of its learning loops.
CREATE TABLE practice_settings (
    community_id BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    response_minutes INTEGER NOT NULL DEFAULT 1440,
    working_hours_only BOOLEAN NOT NULL DEFAULT FALSE,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    day_start_minute INTEGER NOT NULL DEFAULT 540,
    day_end_minute INTEGER NOT NULL DEFAULT 1020,
    followup_days INTEGER NOT NULL DEFAULT 14,
    claim_minutes INTEGER NOT NULL DEFAULT 120,
    remind_before_minutes INTEGER NOT NULL DEFAULT 240,
    updated_at BIGINT NOT NULL
);

CREATE TABLE requests (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tried TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'solved', 'closed')),
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    revision INTEGER NOT NULL DEFAULT 1,
    reply_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    deleted_at BIGINT,
    -- the response commitment, fixed when the request is made
    due_at BIGINT NOT NULL,
    first_reply_at BIGINT,
    first_reply_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    commitment_met BOOLEAN,
    reminded_at BIGINT,
    claimed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    claimed_until BIGINT,
    -- solving and the learning loop
    accepted_reply_id BIGINT,
    solved_at BIGINT,
    followup_due_at BIGINT,
    followup_asked_at BIGINT,
    followup_reasked_at BIGINT,
    outcome TEXT CHECK (outcome IN ('worked', 'partly', 'did_not', 'no_outcome')),
    outcome_note TEXT NOT NULL DEFAULT '',
    outcome_at BIGINT
);
CREATE INDEX requests_community ON requests (community_id, id);
CREATE INDEX requests_community_activity ON requests (community_id, last_activity_at, id);
CREATE INDEX requests_author ON requests (author_id, id);
CREATE INDEX requests_waiting ON requests (community_id, due_at) WHERE first_reply_at IS NULL AND status = 'open' AND deleted_at IS NULL;
CREATE INDEX requests_due_reminder ON requests (due_at) WHERE first_reply_at IS NULL AND reminded_at IS NULL AND status = 'open' AND deleted_at IS NULL;
CREATE INDEX requests_followup ON requests (followup_due_at) WHERE outcome IS NULL AND followup_due_at IS NOT NULL;

CREATE TABLE request_tags (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (request_id, tag)
);
CREATE INDEX request_tags_tag ON request_tags (community_id, tag, request_id);

-- Replies, and comments one level under a reply (parent_id).
CREATE TABLE replies (
    id ID,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES replies (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX replies_request ON replies (request_id, id);
CREATE INDEX replies_author ON replies (author_id, id);

-- Every edit of a request, reply or artefact keeps the version it replaced.
CREATE TABLE revisions (
    id ID,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('request', 'reply', 'artefact')),
    subject_id BIGINT NOT NULL,
    revision INTEGER NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX revisions_subject ON revisions (subject_type, subject_id, revision);

-- Knowledge: what the community learned, in the forms seed 002 names.
CREATE TABLE artefacts (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('faq', 'summary', 'case_story', 'failure_reflection', 'insight', 'practice', 'minutes')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    anonymous BOOLEAN NOT NULL DEFAULT FALSE,
    practice_status TEXT NOT NULL DEFAULT '' CHECK (practice_status IN ('', 'proposed', 'tried', 'recommended')),
    revision INTEGER NOT NULL DEFAULT 1,
    source_request_id BIGINT REFERENCES requests (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX artefacts_community ON artefacts (community_id, kind, id);
CREATE INDEX artefacts_source ON artefacts (source_request_id);

CREATE TABLE artefact_tags (
    artefact_id BIGINT NOT NULL REFERENCES artefacts (id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (artefact_id, tag)
);
CREATE INDEX artefact_tags_tag ON artefact_tags (community_id, tag, artefact_id);

-- Where an artefact came from: threads, events (later), other artefacts.
CREATE TABLE artefact_links (
    artefact_id BIGINT NOT NULL REFERENCES artefacts (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL CHECK (target_type IN ('request', 'artefact', 'event')),
    target_id BIGINT NOT NULL,
    PRIMARY KEY (artefact_id, target_type, target_id)
);

-- "I use this": adoption of a practice.
CREATE TABLE adoptions (
    artefact_id BIGINT NOT NULL REFERENCES artefacts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (artefact_id, user_id)
);

-- The in-app inbox.
CREATE TABLE notifications (
    id ID,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    community_id BIGINT REFERENCES communities (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Full-text search over requests (with their replies) and artefacts. One
-- row per searchable thing; the engine-specific index follows.
CREATE TABLE search_docs (
    id ID,
    kind TEXT NOT NULL CHECK (kind IN ('request', 'artefact')),
    ref_id BIGINT NOT NULL,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    subkind TEXT NOT NULL DEFAULT '',
    solved BOOLEAN NOT NULL DEFAULT FALSE,
    tags TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX search_docs_ref ON search_docs (kind, ref_id);
CREATE INDEX search_docs_community ON search_docs (community_id, created_at);

-- sqlite
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, tags,
    content = 'search_docs', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
    INSERT INTO search_fts (rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
-- postgres
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', tags), 'A') ||
    setweight(to_tsvector('english', body), 'B')
) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- both
