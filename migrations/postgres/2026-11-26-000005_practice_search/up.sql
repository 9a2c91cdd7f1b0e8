-- Full-text search over practice texts (PostgreSQL), an expression index the
-- search query repeats exactly; always in step because it is computed.
CREATE INDEX practice_texts_search_idx ON practice_texts USING GIN (
    to_tsvector('simple', title || ' ' || summary || ' ' || problem || ' ' || solution || ' ' || results || ' ' || lessons || ' ' || conditions)
);
