-- Good practices: the practice, its texts per language and its tags.
-- (Adoptions, ratings, links to plan nodes and full-text search come with the
-- catalogue pages.)
CREATE TABLE practices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    owner_organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    original_language TEXT NOT NULL,
    level TEXT,
    policy_area TEXT,
    innovation_stage TEXT,
    launch_year INTEGER,
    licence TEXT,
    country TEXT,
    territory_code TEXT,
    contact TEXT,
    links TEXT NOT NULL,
    sdgs TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX practices_slug_key ON practices (slug);
CREATE INDEX practices_status_idx ON practices (status);

CREATE TABLE practice_texts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    problem TEXT NOT NULL,
    solution TEXT NOT NULL,
    results TEXT NOT NULL,
    lessons TEXT NOT NULL,
    conditions TEXT NOT NULL
);
CREATE UNIQUE INDEX practice_texts_lang_key ON practice_texts (practice_id, lang);

CREATE TABLE practice_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    tag TEXT NOT NULL
);
CREATE UNIQUE INDEX practice_tags_key ON practice_tags (practice_id, tag);
CREATE INDEX practice_tags_tag_idx ON practice_tags (tag);
