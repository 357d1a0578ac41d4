-- Health: health checks (a template of cards each community may adapt,
-- rounds that members answer anonymously, results shown only from a
-- minimum number of answers) and retrospectives with tracked actions
-- (seed 004: reflect regularly on the community, with a self-assessment
-- and retrospectives). See internal/health.

-- A community's health-check settings: the minimum number of answers
-- before results show, the optional schedule of rounds, and whether the
-- community adapted its template (until then it uses the default cards).
CREATE TABLE health_settings (
    community_id BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    min_answers INTEGER NOT NULL DEFAULT 3 CHECK (min_answers >= 1),
    custom_template BOOLEAN NOT NULL DEFAULT FALSE,
    -- every so many months a round opens by itself (0: no schedule)
    every_months INTEGER NOT NULL DEFAULT 0 CHECK (every_months >= 0),
    open_days INTEGER NOT NULL DEFAULT 14 CHECK (open_days >= 1),
    next_round_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX health_settings_due ON health_settings (next_round_at);

-- The cards of an adapted template. card_key stays when a card is
-- reworded, so its history across rounds continues.
CREATE TABLE health_cards (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    card_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    red TEXT NOT NULL,
    green TEXT NOT NULL
);
CREATE UNIQUE INDEX health_cards_key ON health_cards (community_id, card_key);

-- A round of a health check. ballot_salt makes the ballots of its answers
-- (internal/health/answer.go); it is erased when the round closes.
CREATE TABLE health_rounds (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    opened_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    opened_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    closed_at BIGINT,
    min_answers INTEGER NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    ballot_salt TEXT
);
CREATE INDEX health_rounds_community ON health_rounds (community_id, id);
CREATE INDEX health_rounds_closing ON health_rounds (closed_at, closes_at);

-- The cards a round asked, copied from the template when it opened, so
-- later changes to the template leave past rounds as they were asked.
CREATE TABLE health_round_cards (
    round_id BIGINT NOT NULL REFERENCES health_rounds (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    card_key TEXT NOT NULL,
    title TEXT NOT NULL,
    red TEXT NOT NULL,
    green TEXT NOT NULL,
    PRIMARY KEY (round_id, position)
);

-- Who answered a round: only that they did, for "you answered" and the
-- count. Nothing here leads to what they answered.
CREATE TABLE health_answered (
    round_id BIGINT NOT NULL REFERENCES health_rounds (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX health_answered_user ON health_answered (user_id, round_id);

-- The answers: one row per ballot and card, without a person, a time or
-- an identity column. shuffle orders comments at random, stably.
CREATE TABLE health_answers (
    round_id BIGINT NOT NULL REFERENCES health_rounds (id) ON DELETE CASCADE,
    ballot TEXT NOT NULL,
    position INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('red', 'amber', 'green')),
    trend TEXT NOT NULL CHECK (trend IN ('better', 'same', 'worse')),
    comment TEXT NOT NULL DEFAULT '',
    shuffle BIGINT NOT NULL,
    PRIMARY KEY (round_id, ballot, position)
);

-- Retrospectives: three columns of cards, votes, and actions tracked to
-- done; one may follow a health-check round.
CREATE TABLE retros (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    round_id BIGINT REFERENCES health_rounds (id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX retros_community ON retros (community_id, id);

CREATE TABLE retro_cards (
    id ID,
    retro_id BIGINT NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    col TEXT NOT NULL CHECK (col IN ('well', 'improve', 'ideas')),
    body TEXT NOT NULL,
    -- NULL when written anonymously (or the account is gone)
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    votes INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX retro_cards_retro ON retro_cards (retro_id, col, id);

CREATE TABLE retro_votes (
    card_id BIGINT NOT NULL REFERENCES retro_cards (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (card_id, user_id)
);

CREATE TABLE retro_actions (
    id ID,
    retro_id BIGINT NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- midnight UTC of the due day
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'doing', 'done')),
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    done_at BIGINT,
    overdue_notified_at BIGINT
);
CREATE INDEX retro_actions_retro ON retro_actions (retro_id, id);
CREATE INDEX retro_actions_due ON retro_actions (status, due_at);
