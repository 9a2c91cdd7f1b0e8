DROP INDEX audit_events_action_idx;
DROP TRIGGER invites_revision_ad;
DROP TRIGGER invites_revision_ai;
DROP TRIGGER priority_revision_ad;
DROP TRIGGER priority_revision_au;
DROP TRIGGER priority_revision_ai;
DROP TRIGGER responses_revision_ad;
DROP TRIGGER responses_revision_au;
DROP TRIGGER responses_revision_ai;
DROP TRIGGER contributions_revision_au;
DROP TRIGGER contributions_count_ad;
DROP TRIGGER contributions_count_ai;
CREATE TRIGGER contributions_count_ai AFTER INSERT ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count + 1
    WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER contributions_count_ad AFTER DELETE ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count - 1
    WHERE id = OLD.consultation_id;
END;
ALTER TABLE consultations DROP COLUMN revision;
