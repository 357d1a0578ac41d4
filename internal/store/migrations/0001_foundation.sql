-- Foundation: accounts, sessions, tokens, rate limits, communities,
-- memberships, invitations, join requests and the activity log.
-- Times are BIGINT milliseconds since the Unix epoch, UTC.

CREATE TABLE users (
    id ID,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    headline TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    is_support BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    disabled_at BIGINT
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE user_expertise (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE INDEX user_expertise_tag ON user_expertise (tag, user_id);

-- A session row is keyed by the SHA-256 of the cookie's secret, so a leaked
-- database does not leak live sessions.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id ID,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Fixed-window counters shared by every replica.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);

CREATE TABLE communities (
    id ID,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    domain TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL CHECK (visibility IN ('open', 'private')),
    code_of_conduct TEXT NOT NULL DEFAULT '',
    coc_version INTEGER NOT NULL DEFAULT 1,
    -- a capability URL for private communities: whoever holds the link may
    -- ask to join; the leader can change it to cut an old link off
    request_code TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    archived_at BIGINT
);
CREATE UNIQUE INDEX communities_slug ON communities (slug);

CREATE TABLE memberships (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('leader', 'core', 'member', 'sponsor')),
    intro TEXT NOT NULL DEFAULT '',
    joined_at BIGINT NOT NULL,
    coc_accepted_at BIGINT NOT NULL,
    coc_version INTEGER NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, community_id);
-- Exactly one leader: at most one by this index, at least one by the rules
-- in internal/community (the last leader cannot leave or step down).
CREATE UNIQUE INDEX memberships_one_leader ON memberships (community_id) WHERE role = 'leader';

CREATE TABLE join_requests (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
    created_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at BIGINT
);
CREATE UNIQUE INDEX join_requests_pending ON join_requests (community_id, user_id) WHERE status = 'pending';

CREATE TABLE invitations (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('core', 'member', 'sponsor')),
    token_hash TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);
CREATE INDEX invitations_email ON invitations (email);
CREATE INDEX invitations_community ON invitations (community_id);

-- The activity log: append-only, the single source for feeds and analytics.
-- Read by community (newest first, cursor on id) and by actor; both indexes
-- end in id so a page is an index range scan at any table size.
CREATE TABLE activity (
    id ID,
    at BIGINT NOT NULL,
    community_id BIGINT REFERENCES communities (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL DEFAULT '',
    subject_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_community ON activity (community_id, id);
CREATE INDEX activity_actor ON activity (actor_id, id);
CREATE INDEX activity_kind ON activity (community_id, kind, id);
