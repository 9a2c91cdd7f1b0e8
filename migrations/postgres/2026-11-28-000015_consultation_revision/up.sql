-- A consultation's revision: raised by the database whenever anything its
-- summary shows changes (a contribution written, edited, hidden or deleted; a
-- support given or withdrawn, through the contribution's support_count; a
-- response; priority points; the invited organisations). The plan page keeps
-- each consultation's summary per revision, so a comment on the open
-- consultation leaves the other consultations' summaries kept.
ALTER TABLE consultations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION contributions_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE consultations SET contribution_count = contribution_count + 1, revision = revision + 1
        WHERE id = NEW.consultation_id;
    ELSE
        UPDATE consultations SET contribution_count = contribution_count - 1, revision = revision + 1
        WHERE id = OLD.consultation_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Rows with a consultation_id of their own (contributions, priority points,
-- invitations) or reaching it through their contribution (responses). A
-- session that loads rows in bulk (`pspm demo --scale national`) sets
-- pspm.bulk_load and raises every revision once at the end: each raise is
-- a new version of the consultation's row, and 50,000 of them in one
-- transaction made a chain that every next update walked.
CREATE FUNCTION consultation_revised() RETURNS trigger AS $$
DECLARE
    consultation INTEGER;
BEGIN
    IF current_setting('pspm.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'responses' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT c.consultation_id INTO consultation FROM contributions c WHERE c.id = OLD.contribution_id;
        ELSE
            SELECT c.consultation_id INTO consultation FROM contributions c WHERE c.id = NEW.contribution_id;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        consultation := OLD.consultation_id;
    ELSE
        consultation := NEW.consultation_id;
    END IF;
    UPDATE consultations SET revision = revision + 1 WHERE id = consultation;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER contributions_revision AFTER UPDATE ON contributions
    FOR EACH ROW EXECUTE FUNCTION consultation_revised();
CREATE TRIGGER responses_revision AFTER INSERT OR UPDATE OR DELETE ON responses
    FOR EACH ROW EXECUTE FUNCTION consultation_revised();
CREATE TRIGGER priority_revision AFTER INSERT OR UPDATE OR DELETE ON priority_allocations
    FOR EACH ROW EXECUTE FUNCTION consultation_revised();
CREATE TRIGGER invites_revision AFTER INSERT OR DELETE ON consultation_invites
    FOR EACH ROW EXECUTE FUNCTION consultation_revised();

-- People's names as contributions show them change only with an
-- account's change or deletion: the newest such event is found in one
-- lookup (services/consultations.rs, names_version).
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
