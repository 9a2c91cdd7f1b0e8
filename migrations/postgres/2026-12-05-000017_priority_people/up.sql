-- How many people gave points to each action, by organisation, kept beside
-- the points: a consultation's points by kind of organisation are published
-- only where at least five people of that kind gave them (k = 5), and the
-- summary must not count a national consultation's allocations to know.
-- Like 000016's, the trigger stands aside for a bulk load, which recounts.
ALTER TABLE priority_tallies ADD COLUMN people INTEGER NOT NULL DEFAULT 0;
UPDATE priority_tallies t SET people = c.n
FROM (SELECT consultation_id, node_id, COALESCE(organisation_id, 0) AS k, COUNT(*) AS n
      FROM priority_allocations WHERE points > 0 GROUP BY 1, 2, 3) c
WHERE c.consultation_id = t.consultation_id AND c.node_id = t.node_id AND c.k = t.organisation_key;
CREATE OR REPLACE FUNCTION priority_tallies_sync() RETURNS trigger AS $$
BEGIN
    IF current_setting('pspm.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE priority_tallies SET points = points - OLD.points,
            people = people - (CASE WHEN OLD.points > 0 THEN 1 ELSE 0 END)
        WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
            AND organisation_key = COALESCE(OLD.organisation_id, 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points, people)
        VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points,
            CASE WHEN NEW.points > 0 THEN 1 ELSE 0 END)
        ON CONFLICT (consultation_id, node_id, organisation_key)
        DO UPDATE SET points = priority_tallies.points + EXCLUDED.points,
            people = priority_tallies.people + EXCLUDED.people;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
