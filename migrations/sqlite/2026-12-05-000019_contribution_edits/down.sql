DROP TABLE contribution_edits;
ALTER TABLE contributions DROP COLUMN withdrawn_at;
ALTER TABLE contributions DROP COLUMN edited_at;
