ALTER TABLE practice_texts DROP COLUMN how_to_use;
