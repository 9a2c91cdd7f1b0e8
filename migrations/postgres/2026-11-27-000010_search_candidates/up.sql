-- The catalogue ranks only the practices its facets leave (see
-- services/catalogue.rs): their texts are found by practice.
CREATE INDEX practice_text_search_practice_idx ON practice_text_search (practice_id);
