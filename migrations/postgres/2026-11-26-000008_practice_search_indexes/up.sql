-- Catalogue search at scale (bench/RESULTS.md): the full-text condition maps
-- FTS rows to practices through practice_texts (id -> practice_id). Without a
-- narrow index SQLite reads each wide text row for that (about 20 ms for 2,700
-- matches among 100,000 practices); with this covering index about 2-5 ms.
-- Created on both backends to keep the schemas mirrored.
CREATE INDEX practice_texts_id_practice_idx ON practice_texts (id, practice_id);
