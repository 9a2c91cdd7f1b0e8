-- The catalogue finds and ranks practices by the words of their texts in
-- memory (backend/src/services/text_index.rs), the same way on SQLite and
-- PostgreSQL: the full-text table and the triggers that kept it in step are
-- no longer read, only written.
DROP TRIGGER practice_texts_au;
DROP TRIGGER practice_texts_ad;
DROP TRIGGER practice_texts_ai;
DROP TABLE practice_fts;
