DROP INDEX practice_texts_search_idx;
