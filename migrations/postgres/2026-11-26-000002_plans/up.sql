-- Strategic plans: the tree of nodes, milestones, indicators with targets and
-- measurements, and immutable versions.
CREATE TABLE plans (
    id SERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    owner_organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status TEXT NOT NULL,
    parent_plan_id INTEGER REFERENCES plans (id),
    lock_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX plans_status_idx ON plans (status);

CREATE TABLE plan_nodes (
    id SERIAL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    parent_id INTEGER REFERENCES plan_nodes (id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_office TEXT,
    responsible_organisation_id INTEGER REFERENCES organisations (id),
    weight DOUBLE PRECISION,
    planned_start DATE,
    planned_end DATE,
    actual_start DATE,
    actual_end DATE,
    budget DOUBLE PRECISION,
    status TEXT NOT NULL,
    progress DOUBLE PRECISION,
    position INTEGER NOT NULL,
    aligned_node_id INTEGER REFERENCES plan_nodes (id),
    lock_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX plan_nodes_code_key ON plan_nodes (plan_id, code);
CREATE INDEX plan_nodes_parent_idx ON plan_nodes (plan_id, parent_id, position);
CREATE INDEX plan_nodes_aligned_idx ON plan_nodes (aligned_node_id);

CREATE TABLE milestones (
    id SERIAL PRIMARY KEY,
    node_id INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_date DATE NOT NULL,
    done BOOLEAN NOT NULL
);
CREATE INDEX milestones_node_idx ON milestones (node_id);

CREATE TABLE indicators (
    id SERIAL PRIMARY KEY,
    node_id INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    baseline_value DOUBLE PRECISION NOT NULL,
    baseline_date DATE NOT NULL,
    frequency TEXT NOT NULL,
    data_source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX indicators_node_idx ON indicators (node_id);

CREATE TABLE indicator_targets (
    id SERIAL PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    due_date DATE NOT NULL,
    value DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX indicator_targets_period_key ON indicator_targets (indicator_id, period);

CREATE TABLE measurements (
    id SERIAL PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    measured_on DATE NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    note TEXT,
    recorded_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX measurements_indicator_idx ON measurements (indicator_id, measured_on);

CREATE TABLE plan_versions (
    id SERIAL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    number INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX plan_versions_number_key ON plan_versions (plan_id, number);
