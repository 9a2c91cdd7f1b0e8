DROP TRIGGER practice_texts_au;
DROP TRIGGER practice_texts_ad;
DROP TRIGGER practice_texts_ai;
DROP TABLE practice_fts;
