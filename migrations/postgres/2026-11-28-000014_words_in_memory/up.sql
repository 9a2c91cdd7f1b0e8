-- The catalogue finds and ranks practices by the words of their texts in
-- memory (backend/src/services/text_index.rs), the same way on SQLite and
-- PostgreSQL: the stored vectors and the trigger that kept them in step are
-- no longer read, only written.
DROP TRIGGER practice_text_search_sync ON practice_texts;
DROP FUNCTION practice_text_search_sync();
DROP TABLE practice_text_search;
