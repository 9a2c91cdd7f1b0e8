-- How to use a practice (INTERLINK's instructions.md), per language like its
-- other texts.
ALTER TABLE practice_texts ADD COLUMN how_to_use TEXT NOT NULL DEFAULT '';
