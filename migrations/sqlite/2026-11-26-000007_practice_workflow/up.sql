-- Good practices: review workflow, SDGs as rows (a facet), ratings, links to the
-- plan actions a practice informs, and counters kept in step by the services so
-- the catalogue sorts by adoptions and rating without aggregating on every search.
ALTER TABLE practices ADD COLUMN review_comment TEXT;
ALTER TABLE practices ADD COLUMN submitted_at TIMESTAMP;
ALTER TABLE practices ADD COLUMN published_at TIMESTAMP;
ALTER TABLE practices ADD COLUMN adoption_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE practices ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE practices ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE practices DROP COLUMN sdgs;
UPDATE practices SET published_at = created_at WHERE status = 'published';
UPDATE practices SET adoption_count = (
    SELECT count(*) FROM practice_adoptions a
    WHERE a.practice_id = practices.id AND a.status = 'confirmed'
);
CREATE INDEX practices_facets_idx ON practices (status, level, policy_area);
CREATE INDEX practices_owner_idx ON practices (owner_organisation_id, status);

CREATE TABLE practice_sdgs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    sdg INTEGER NOT NULL
);
CREATE UNIQUE INDEX practice_sdgs_key ON practice_sdgs (practice_id, sdg);
CREATE INDEX practice_sdgs_sdg_idx ON practice_sdgs (sdg, practice_id);

CREATE TABLE practice_ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    stars INTEGER NOT NULL,
    review TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX practice_ratings_key ON practice_ratings (practice_id, user_id);

CREATE TABLE practice_node_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    node_id INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
    linked_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX practice_node_links_key ON practice_node_links (practice_id, node_id);
CREATE INDEX practice_node_links_node_idx ON practice_node_links (node_id);
