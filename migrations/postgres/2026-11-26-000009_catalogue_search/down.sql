CREATE INDEX practice_texts_search_idx ON practice_texts USING GIN (
    to_tsvector('simple', title || ' ' || summary || ' ' || problem || ' ' || solution || ' ' || results || ' ' || lessons || ' ' || conditions)
);
DROP TRIGGER practice_text_search_sync ON practice_texts;
DROP FUNCTION practice_text_search_sync();
DROP TABLE practice_text_search;
DROP INDEX audit_events_entity_latest_idx;
