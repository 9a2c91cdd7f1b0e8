-- Changes to the texts of a published practice by its organisation wait
-- here, one per language, until an administrator publishes or rejects them.
CREATE TABLE practice_text_changes (
    id SERIAL PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    texts TEXT NOT NULL,
    proposed_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX practice_text_changes_key ON practice_text_changes (practice_id, lang);
CREATE INDEX practice_text_changes_user_idx ON practice_text_changes (proposed_by);
