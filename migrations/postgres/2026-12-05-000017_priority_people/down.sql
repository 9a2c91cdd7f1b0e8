CREATE OR REPLACE FUNCTION priority_tallies_sync() RETURNS trigger AS $$
BEGIN
    IF current_setting('pspm.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE priority_tallies SET points = points - OLD.points
        WHERE consultation_id = OLD.consultation_id AND node_id = OLD.node_id
            AND organisation_key = COALESCE(OLD.organisation_id, 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points)
        VALUES (NEW.consultation_id, NEW.node_id, COALESCE(NEW.organisation_id, 0), NEW.points)
        ON CONFLICT (consultation_id, node_id, organisation_key)
        DO UPDATE SET points = priority_tallies.points + EXCLUDED.points;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
ALTER TABLE priority_tallies DROP COLUMN people;
