-- A participant may edit or withdraw their own contribution while the
-- consultation is open: each edit keeps the text it replaced, and a
-- withdrawn contribution stays in the record (with its supports).
ALTER TABLE contributions ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE contributions ADD COLUMN withdrawn_at TIMESTAMP;
CREATE TABLE contribution_edits (
    id SERIAL PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    title TEXT,
    body TEXT NOT NULL,
    written_at TIMESTAMP NOT NULL,
    replaced_at TIMESTAMP NOT NULL
);
CREATE INDEX contribution_edits_contribution_idx ON contribution_edits (contribution_id, id);
