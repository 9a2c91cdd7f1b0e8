-- An amendment proposes a new title and description for an objective or an
-- action: it keeps the text it would replace (its diff stays readable after
-- the node changes), and a node records the amendment last accepted into it.
ALTER TABLE contributions ADD COLUMN amends_title TEXT;
ALTER TABLE contributions ADD COLUMN amends_description TEXT;
ALTER TABLE plan_nodes ADD COLUMN amendment_id INTEGER REFERENCES contributions (id);
