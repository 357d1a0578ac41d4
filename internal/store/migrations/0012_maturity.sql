-- Maturity, dimensions, targets and bootstrap steps (issue 5). The
-- frameworks themselves (stages, areas, indicators, the default dimensions,
-- the bootstrap steps, the metrics) are Go values in internal/maturity;
-- these tables hold what each community recorded against them.

-- An assessment is a dated snapshot by the core group: one rating per
-- indicator. Snapshots are never edited; the next one is a new row, so the
-- history and the change since the previous one are always there.
CREATE TABLE maturity_assessments (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    assessor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- the stage derived from the ratings when it was recorded
    stage TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX maturity_assessments_community ON maturity_assessments (community_id, id);

CREATE TABLE maturity_ratings (
    assessment_id BIGINT NOT NULL REFERENCES maturity_assessments (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('not_yet', 'partly', 'yes')),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, indicator)
);

-- A community's own wording of a dimension of intentional development;
-- without a row the working set's default wording applies.
CREATE TABLE dimension_defs (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    dim_key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    -- one upside / downside a line
    upsides TEXT NOT NULL,
    downsides TEXT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, dim_key)
);

-- Each save of the sliders is a snapshot: "now" and "where we want it".
CREATE TABLE dimension_settings (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    setter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX dimension_settings_community ON dimension_settings (community_id, id);

CREATE TABLE dimension_values (
    setting_id BIGINT NOT NULL REFERENCES dimension_settings (id) ON DELETE CASCADE,
    dim_key TEXT NOT NULL,
    now_value INTEGER NOT NULL CHECK (now_value BETWEEN 0 AND 10),
    want_value INTEGER NOT NULL CHECK (want_value BETWEEN 0 AND 10),
    PRIMARY KEY (setting_id, dim_key)
);

-- Targets: a baseline, a target and a due date, bound to a live metric
-- (metric <> '') or updated by hand (target_values).
CREATE TABLE targets (
    id ID,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL DEFAULT '',
    baseline DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    -- midnight UTC of the due day
    due_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX targets_community ON targets (community_id, id);

CREATE TABLE target_values (
    id ID,
    target_id BIGINT NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX target_values_target ON target_values (target_id, id);

-- Bootstrap steps ticked (or unticked) by hand, with a note. Steps with
-- evidence tick themselves and need no row.
CREATE TABLE bootstrap_ticks (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    done BOOLEAN NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    ticked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ticked_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, step)
);
