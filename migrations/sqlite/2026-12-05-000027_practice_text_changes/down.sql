DROP TABLE practice_text_changes;
