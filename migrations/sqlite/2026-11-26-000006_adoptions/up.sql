-- Adoptions of a practice by other organisations; only confirmed ones count.
CREATE TABLE practice_adoptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    declared_by INTEGER REFERENCES users (id),
    adopted_on DATE NOT NULL,
    context TEXT NOT NULL,
    outcome TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX practice_adoptions_practice_idx ON practice_adoptions (practice_id, status);
