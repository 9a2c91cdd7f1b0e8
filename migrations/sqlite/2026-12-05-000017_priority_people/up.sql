-- How many people gave points to each action, by organisation, kept beside
-- the points: a consultation's points by kind of organisation are published
-- only where at least five people of that kind gave them (k = 5), and the
-- summary must not count a national consultation's allocations to know.
ALTER TABLE priority_tallies ADD COLUMN people INTEGER NOT NULL DEFAULT 0;
UPDATE priority_tallies SET people = (
    SELECT COUNT(*) FROM priority_allocations a
    WHERE a.consultation_id = priority_tallies.consultation_id
        AND a.node_id = priority_tallies.node_id
        AND COALESCE(a.organisation_id, 0) = priority_tallies.organisation_key
        AND a.points > 0);

DROP TRIGGER priority_tallies_ai;
DROP TRIGGER priority_tallies_ad;
DROP TRIGGER priority_tallies_au;
CREATE TRIGGER priority_tallies_ai AFTER INSERT ON priority_allocations BEGIN
    INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points, people)
    VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points, NEW.points > 0)
    ON CONFLICT (consultation_id, node_id, organisation_key)
    DO UPDATE SET points = points + excluded.points, people = people + excluded.people;
END;
CREATE TRIGGER priority_tallies_ad AFTER DELETE ON priority_allocations BEGIN
    UPDATE priority_tallies SET points = points - OLD.points, people = people - (OLD.points > 0)
    WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
        AND organisation_key = COALESCE(OLD.organisation_id, 0);
END;
CREATE TRIGGER priority_tallies_au AFTER UPDATE ON priority_allocations BEGIN
    UPDATE priority_tallies SET points = points - OLD.points, people = people - (OLD.points > 0)
    WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
        AND organisation_key = COALESCE(OLD.organisation_id, 0);
    INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points, people)
    VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points, NEW.points > 0)
    ON CONFLICT (consultation_id, node_id, organisation_key)
    DO UPDATE SET points = points + excluded.points, people = people + excluded.people;
END;
