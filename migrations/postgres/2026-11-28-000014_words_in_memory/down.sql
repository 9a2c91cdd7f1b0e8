CREATE TABLE practice_text_search (
    text_id INTEGER PRIMARY KEY REFERENCES practice_texts (id) ON DELETE CASCADE,
    practice_id INTEGER NOT NULL,
    vector tsvector NOT NULL
);
CREATE INDEX practice_text_search_idx ON practice_text_search USING GIN (vector);

CREATE FUNCTION practice_text_search_sync() RETURNS trigger AS $$
BEGIN
    DELETE FROM practice_text_search WHERE text_id = NEW.id;
    INSERT INTO practice_text_search (text_id, practice_id, vector) VALUES (
        NEW.id, NEW.practice_id,
        to_tsvector('simple', NEW.title || ' ' || NEW.summary || ' ' || NEW.problem || ' ' ||
            NEW.solution || ' ' || NEW.results || ' ' || NEW.lessons || ' ' || NEW.conditions));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER practice_text_search_sync AFTER INSERT OR UPDATE ON practice_texts
    FOR EACH ROW EXECUTE FUNCTION practice_text_search_sync();

INSERT INTO practice_text_search (text_id, practice_id, vector)
SELECT id, practice_id, to_tsvector('simple', title || ' ' || summary || ' ' || problem || ' ' ||
    solution || ' ' || results || ' ' || lessons || ' ' || conditions)
FROM practice_texts;

CREATE INDEX practice_text_search_practice_idx ON practice_text_search (practice_id);
