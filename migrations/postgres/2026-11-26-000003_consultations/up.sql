-- Consultations on a plan: contributions (comments, proposals, replies),
-- supports, priority points, official responses, reports, notifications, outbox.
CREATE TABLE consultations (
    id SERIAL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    audience TEXT NOT NULL,
    comments_enabled BOOLEAN NOT NULL,
    proposals_enabled BOOLEAN NOT NULL,
    supports_per_person INTEGER NOT NULL,
    points_per_person INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX consultations_plan_idx ON consultations (plan_id);

CREATE TABLE consultation_invites (
    id SERIAL PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id)
);
CREATE UNIQUE INDEX consultation_invites_key ON consultation_invites (consultation_id, organisation_id);

CREATE TABLE contributions (
    id SERIAL PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    kind TEXT NOT NULL,
    node_id INTEGER REFERENCES plan_nodes (id),
    parent_id INTEGER REFERENCES contributions (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER REFERENCES organisations (id),
    title TEXT,
    body TEXT NOT NULL,
    hidden_reason TEXT,
    hidden_by INTEGER REFERENCES users (id),
    hidden_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contributions_consultation_idx ON contributions (consultation_id, created_at);
CREATE INDEX contributions_author_idx ON contributions (author_id);

CREATE TABLE supports (
    id SERIAL PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contributions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX supports_key ON supports (contribution_id, user_id);

CREATE TABLE priority_allocations (
    id SERIAL PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    node_id INTEGER NOT NULL REFERENCES plan_nodes (id),
    points INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX priority_allocations_key ON priority_allocations (consultation_id, user_id, node_id);

CREATE TABLE responses (
    id SERIAL PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contributions (id),
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    node_id INTEGER REFERENCES plan_nodes (id),
    responder_id INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX responses_contribution_key ON responses (contribution_id);

CREATE TABLE reports (
    id SERIAL PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contributions (id),
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    resolved BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_open_idx ON reports (resolved, created_at);

CREATE TABLE notifications (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    read_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at);

CREATE TABLE outbox (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);

ALTER TABLE plan_nodes ADD COLUMN origin_contribution_id INTEGER REFERENCES contributions (id);
