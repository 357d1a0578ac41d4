-- Rhythm: the community's backlog of topics and ideas, with one vote per
-- member per item (seed 004: start a backlog, refine it together), and
-- announcements from the leader and the core group.

CREATE TABLE backlog_items (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- normalized tags, space-separated (internal/validate.Tags)
    tags TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('proposed', 'planned', 'in_progress', 'done', 'declined')),
    decline_reason TEXT NOT NULL DEFAULT '',
    -- kept equal to the rows of backlog_votes in the same transaction, so
    -- the ranked list reads one index instead of counting votes
    votes INTEGER NOT NULL DEFAULT 0,
    -- what fulfilled the item: an event or a knowledge artefact of the same
    -- community; link_title is its title when linked, for lists
    link_type TEXT NOT NULL DEFAULT '' CHECK (link_type IN ('', 'event', 'artefact')),
    link_id BIGINT,
    link_title TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    status_changed_at BIGINT NOT NULL,
    status_changed_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
-- The ranked list (most votes, oldest first among equals), the newest
-- first list, and what moved lately (the weekly digest).
CREATE INDEX backlog_items_ranked ON backlog_items (community_id, status, votes, id);
CREATE INDEX backlog_items_newest ON backlog_items (community_id, id);
CREATE INDEX backlog_items_moved ON backlog_items (community_id, status_changed_at);

CREATE TABLE backlog_votes (
    item_id BIGINT NOT NULL REFERENCES backlog_items (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX backlog_votes_user ON backlog_votes (user_id, item_id);

CREATE TABLE announcements (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    pinned BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX announcements_community ON announcements (community_id, pinned, id);
