-- Running totals kept by the database, so that a consultation's summary (on
-- the plan page and the consultation page) reads a few rows instead of
-- counting and summing hundreds of thousands on a national consultation.
-- Triggers keep them right whoever writes the rows: the services, `pspm demo`,
-- an import.

-- Supports of each contribution, and the ranking of visible proposals.
ALTER TABLE contributions ADD COLUMN support_count INTEGER NOT NULL DEFAULT 0;
UPDATE contributions SET support_count =
    (SELECT COUNT(*) FROM supports s WHERE s.contribution_id = contributions.id);
CREATE TRIGGER supports_count_ai AFTER INSERT ON supports BEGIN
    UPDATE contributions SET support_count = support_count + 1 WHERE id = NEW.contribution_id;
END;
CREATE TRIGGER supports_count_ad AFTER DELETE ON supports BEGIN
    UPDATE contributions SET support_count = support_count - 1 WHERE id = OLD.contribution_id;
END;
CREATE INDEX contributions_ranking_idx
    ON contributions (consultation_id, kind, support_count DESC, created_at, id, hidden_at);

-- A support counts for the organisation the person spoke for when they gave
-- it (as a contribution does), so the supports of a proposal by kind of
-- organisation are read from one index, without a join to every supporter.
ALTER TABLE supports ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
UPDATE supports SET organisation_id =
    (SELECT u.organisation_id FROM users u WHERE u.id = supports.user_id);
CREATE INDEX supports_organisation_idx ON supports (contribution_id, organisation_id);

-- Contributions of each consultation.
ALTER TABLE consultations ADD COLUMN contribution_count INTEGER NOT NULL DEFAULT 0;
UPDATE consultations SET contribution_count =
    (SELECT COUNT(*) FROM contributions c WHERE c.consultation_id = consultations.id);
CREATE TRIGGER contributions_count_ai AFTER INSERT ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count + 1
    WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER contributions_count_ad AFTER DELETE ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count - 1
    WHERE id = OLD.consultation_id;
END;

-- Priority points count for the organisation the person spoke for when they
-- allocated them (as a contribution does), and are summed per consultation,
-- action and organisation (organisation_key 0: none).
ALTER TABLE priority_allocations ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
UPDATE priority_allocations SET organisation_id =
    (SELECT u.organisation_id FROM users u WHERE u.id = priority_allocations.user_id);
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
