-- Rhythm: events of varied formats (seed 004), their recurrence, the
-- changes made to single occurrences, RSVPs with a waitlist, attendance,
-- "was it worth your time?" feedback and the secret calendar-feed tokens.
--
-- An occurrence has no row of its own unless something about it differs
-- from its series: it is named by (event_id, original start), the start
-- the series' rule gives it, which stays its name after it is moved.

CREATE TABLE events (
    id ID,
    -- the host community; others may be added through event_communities
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- the first occurrence; later ones keep its local wall-clock time in time_zone
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL DEFAULT 0,
    -- recurrence: '' (once), 'weekly' or 'monthly'
    recur_freq TEXT NOT NULL DEFAULT '' CHECK (recur_freq IN ('', 'weekly', 'monthly')),
    recur_interval INTEGER NOT NULL DEFAULT 1,
    -- for monthly: the week of the month, 1 to 4, or -1 for the last
    recur_week INTEGER NOT NULL DEFAULT 0,
    -- the last local date (YYYY-MM-DD) an occurrence may fall on, or ''
    recur_until TEXT NOT NULL DEFAULT '',
    recur_count INTEGER NOT NULL DEFAULT 0,
    -- when the last occurrence ends (NULL: the series has no end), so the
    -- scheduler and lists read only the series that reach a window
    series_end_at BIGINT,
    revision INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX events_community ON events (community_id, start_at);
CREATE INDEX events_window ON events (start_at, series_end_at) WHERE cancelled_at IS NULL;

-- Communities an event is shared with, besides its host.
CREATE TABLE event_communities (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, community_id)
);
CREATE INDEX event_communities_community ON event_communities (community_id, event_id);

CREATE TABLE event_hosts (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_hosts_user ON event_hosts (user_id);

-- What differs for one occurrence: moved, cancelled, another place or
-- link, and whether its attendance was recorded.
CREATE TABLE event_occurrences (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    original_start BIGINT NOT NULL,
    start_at BIGINT,
    end_at BIGINT,
    place TEXT,
    link TEXT,
    cancelled_at BIGINT,
    attendance_at BIGINT,
    attendance_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, original_start)
);
CREATE INDEX event_occurrences_moved ON event_occurrences (start_at) WHERE start_at IS NOT NULL;

-- One answer per person and occurrence. 'waitlist' is a "going" that did
-- not fit; seq orders the waitlist (first come, first served).
CREATE TABLE event_rsvps (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurrence BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer TEXT NOT NULL CHECK (answer IN ('going', 'maybe', 'not_going', 'waitlist')),
    seq BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, occurrence, user_id)
);
CREATE INDEX event_rsvps_user ON event_rsvps (user_id, occurrence);

CREATE TABLE event_attendance (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurrence BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, occurrence, user_id)
);

-- "Was it worth your time?" One answer per attendee and occurrence.
CREATE TABLE event_feedback (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurrence BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, occurrence, user_id)
);

-- The secret in a member's calendar-feed addresses. Kept readable (not
-- hashed) because the page shows the address again whenever the member
-- wants to copy it; regenerating it is how a leaked address is revoked.
CREATE TABLE calendar_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
