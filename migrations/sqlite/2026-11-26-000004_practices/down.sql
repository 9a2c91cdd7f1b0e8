DROP TABLE practice_tags;
DROP TABLE practice_texts;
DROP TABLE practices;
