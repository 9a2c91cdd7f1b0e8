-- Running totals kept by the database, so that a consultation's summary (on
-- the plan page and the consultation page) reads a few rows instead of
-- counting and summing hundreds of thousands on a national consultation.
-- Triggers keep them right whoever writes the rows: the services, `pspm demo`,
-- an import.

-- Supports of each contribution, and the ranking of visible proposals.
ALTER TABLE contributions ADD COLUMN support_count INTEGER NOT NULL DEFAULT 0;
UPDATE contributions SET support_count = s.n
FROM (SELECT contribution_id, COUNT(*) AS n FROM supports GROUP BY contribution_id) s
WHERE s.contribution_id = contributions.id;
CREATE FUNCTION supports_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE contributions SET support_count = support_count + 1 WHERE id = NEW.contribution_id;
    ELSE
        UPDATE contributions SET support_count = support_count - 1 WHERE id = OLD.contribution_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER supports_count AFTER INSERT OR DELETE ON supports
    FOR EACH ROW EXECUTE FUNCTION supports_count();
CREATE INDEX contributions_ranking_idx
    ON contributions (consultation_id, kind, support_count DESC, created_at, id, hidden_at);

-- A support counts for the organisation the person spoke for when they gave
-- it (as a contribution does), so the supports of a proposal by kind of
-- organisation are read from one index, without a join to every supporter.
ALTER TABLE supports ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
UPDATE supports SET organisation_id = u.organisation_id
FROM users u WHERE u.id = supports.user_id AND u.organisation_id IS NOT NULL;
CREATE INDEX supports_organisation_idx ON supports (contribution_id, organisation_id);

-- Contributions of each consultation.
ALTER TABLE consultations ADD COLUMN contribution_count INTEGER NOT NULL DEFAULT 0;
UPDATE consultations SET contribution_count = c.n
FROM (SELECT consultation_id, COUNT(*) AS n FROM contributions GROUP BY consultation_id) c
WHERE c.consultation_id = consultations.id;
CREATE FUNCTION contributions_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE consultations SET contribution_count = contribution_count + 1
        WHERE id = NEW.consultation_id;
    ELSE
        UPDATE consultations SET contribution_count = contribution_count - 1
        WHERE id = OLD.consultation_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER contributions_count AFTER INSERT OR DELETE ON contributions
    FOR EACH ROW EXECUTE FUNCTION contributions_count();

-- Priority points count for the organisation the person spoke for when they
-- allocated them (as a contribution does), and are summed per consultation,
-- action and organisation (organisation_key 0: none).
ALTER TABLE priority_allocations ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
UPDATE priority_allocations SET organisation_id = u.organisation_id
FROM users u WHERE u.id = priority_allocations.user_id AND u.organisation_id IS NOT NULL;
CREATE TABLE priority_tallies (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    node_id INTEGER NOT NULL,
    organisation_key INTEGER NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, node_id, organisation_key)
);
INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points)
SELECT consultation_id, node_id, COALESCE(organisation_id, 0), SUM(points)
FROM priority_allocations
GROUP BY consultation_id, node_id, COALESCE(organisation_id, 0);
CREATE FUNCTION priority_tallies_sync() RETURNS trigger AS $$
BEGIN
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
CREATE TRIGGER priority_tallies_sync AFTER INSERT OR UPDATE OR DELETE ON priority_allocations
    FOR EACH ROW EXECUTE FUNCTION priority_tallies_sync();
