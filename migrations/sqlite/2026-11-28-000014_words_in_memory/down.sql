CREATE VIRTUAL TABLE practice_fts USING fts5(
    title, summary, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO practice_fts (rowid, title, summary, body)
    SELECT id, title, summary, problem || ' ' || solution || ' ' || results || ' ' || lessons || ' ' || conditions
    FROM practice_texts;
CREATE TRIGGER practice_texts_ai AFTER INSERT ON practice_texts BEGIN
    INSERT INTO practice_fts (rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary, new.problem || ' ' || new.solution || ' ' || new.results || ' ' || new.lessons || ' ' || new.conditions);
END;
CREATE TRIGGER practice_texts_ad AFTER DELETE ON practice_texts BEGIN
    DELETE FROM practice_fts WHERE rowid = old.id;
END;
CREATE TRIGGER practice_texts_au AFTER UPDATE ON practice_texts BEGIN
    DELETE FROM practice_fts WHERE rowid = old.id;
    INSERT INTO practice_fts (rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary, new.problem || ' ' || new.solution || ' ' || new.results || ' ' || new.lessons || ' ' || new.conditions);
END;
