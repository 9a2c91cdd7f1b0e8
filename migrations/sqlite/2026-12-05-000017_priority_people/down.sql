DROP TRIGGER priority_tallies_ai;
DROP TRIGGER priority_tallies_ad;
DROP TRIGGER priority_tallies_au;
CREATE TRIGGER priority_tallies_ai AFTER INSERT ON priority_allocations BEGIN
    INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points)
    VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points)
    ON CONFLICT (consultation_id, node_id, organisation_key)
    DO UPDATE SET points = points + excluded.points;
END;
CREATE TRIGGER priority_tallies_ad AFTER DELETE ON priority_allocations BEGIN
    UPDATE priority_tallies SET points = points - OLD.points
    WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
        AND organisation_key = COALESCE(OLD.organisation_id, 0);
END;
CREATE TRIGGER priority_tallies_au AFTER UPDATE ON priority_allocations BEGIN
    UPDATE priority_tallies SET points = points - OLD.points
    WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
        AND organisation_key = COALESCE(OLD.organisation_id, 0);
    INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points)
    VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points)
    ON CONFLICT (consultation_id, node_id, organisation_key)
    DO UPDATE SET points = points + excluded.points;
END;
ALTER TABLE priority_tallies DROP COLUMN people;
