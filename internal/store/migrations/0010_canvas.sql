-- Vision canvas and the live workshop that fills it (seed 004: the
-- two-hour vision workshop, divergent then convergent, and its canvas).

-- Workshops come first: a canvas revision may be credited to one.
CREATE TABLE workshops (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    -- the canvas sections worked on, space-separated keys (internal/canvas)
    sections TEXT NOT NULL,
    facilitator_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- what guests type to join; unique among all workshops ever opened
    code TEXT NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('write', 'group', 'vote', 'result', 'elect', 'closed')),
    dots INTEGER NOT NULL,
    -- when the current step's timer ends; NULL: no timer
    step_ends_at BIGINT,
    -- bumped by every change, in the change's transaction: live pages
    -- (server-sent events) poll it, on any replica, to learn of changes
    version BIGINT NOT NULL DEFAULT 1,
    -- the leader elected and applied, if any
    elected_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE UNIQUE INDEX workshops_code ON workshops (code);
CREATE INDEX workshops_community ON workshops (community_id, id);

-- Members join with their account; guests with a display name and a
-- secret token (only its SHA-256 is kept) held in a cookie.
CREATE TABLE workshop_participants (
    id ID,
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL DEFAULT '',
    joined_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX workshop_participants_user ON workshop_participants (workshop_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX workshop_participants_token ON workshop_participants (token_hash) WHERE token_hash <> '';

CREATE TABLE workshop_groups (
    id ID,
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    -- when the facilitator sent it to the canvas
    sent_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX workshop_groups_workshop ON workshop_groups (workshop_id, id);

CREATE TABLE workshop_notes (
    id ID,
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES workshop_participants (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    group_id BIGINT REFERENCES workshop_groups (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX workshop_notes_workshop ON workshop_notes (workshop_id, id);

-- Dot votes: several dots on one group are allowed; the total per
-- participant never exceeds workshops.dots (checked in the transaction).
CREATE TABLE workshop_votes (
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES workshop_participants (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES workshop_groups (id) ON DELETE CASCADE,
    dots INTEGER NOT NULL CHECK (dots > 0),
    PRIMARY KEY (participant_id, group_id)
);
CREATE INDEX workshop_votes_workshop ON workshop_votes (workshop_id, group_id);

-- The last step: one ballot per participant who is a member.
CREATE TABLE workshop_ballots (
    workshop_id BIGINT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES workshop_participants (id) ON DELETE CASCADE,
    candidate_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workshop_id, participant_id)
);

-- Every version of every canvas section, the current one included (the
-- highest revision). The primary key makes two saves based on the same
-- revision collide, on both engines: the later one is refused as a
-- conflict instead of silently overwriting.
CREATE TABLE canvas_revisions (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    revision INTEGER NOT NULL,
    -- Markdown, or for the force field a JSON list of forces
    body TEXT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    workshop_id BIGINT REFERENCES workshops (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, section, revision)
);
