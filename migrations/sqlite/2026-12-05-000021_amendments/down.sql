ALTER TABLE plan_nodes DROP COLUMN amendment_id;
ALTER TABLE contributions DROP COLUMN amends_description;
ALTER TABLE contributions DROP COLUMN amends_title;
