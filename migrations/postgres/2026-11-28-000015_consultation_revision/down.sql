DROP INDEX audit_events_action_idx;
DROP TRIGGER invites_revision ON consultation_invites;
DROP TRIGGER priority_revision ON priority_allocations;
DROP TRIGGER responses_revision ON responses;
DROP TRIGGER contributions_revision ON contributions;
DROP FUNCTION consultation_revised();
CREATE OR REPLACE FUNCTION contributions_count() RETURNS trigger AS $$
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
ALTER TABLE consultations DROP COLUMN revision;
