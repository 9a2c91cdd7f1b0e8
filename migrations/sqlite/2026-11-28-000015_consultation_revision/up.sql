-- A consultation's revision: raised by the database whenever anything its
-- summary shows changes (a contribution written, edited, hidden or deleted; a
-- support given or withdrawn, through the contribution's support_count; a
-- response; priority points; the invited organisations). The plan page keeps
-- each consultation's summary per revision, so a comment on the open
-- consultation leaves the other consultations' summaries kept.
ALTER TABLE consultations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER contributions_count_ai;
DROP TRIGGER contributions_count_ad;
CREATE TRIGGER contributions_count_ai AFTER INSERT ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count + 1, revision = revision + 1
    WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER contributions_count_ad AFTER DELETE ON contributions BEGIN
    UPDATE consultations SET contribution_count = contribution_count - 1, revision = revision + 1
    WHERE id = OLD.consultation_id;
END;
CREATE TRIGGER contributions_revision_au AFTER UPDATE ON contributions BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = NEW.consultation_id;
END;

CREATE TRIGGER responses_revision_ai AFTER INSERT ON responses BEGIN
    UPDATE consultations SET revision = revision + 1
    WHERE id = (SELECT consultation_id FROM contributions WHERE id = NEW.contribution_id);
END;
CREATE TRIGGER responses_revision_au AFTER UPDATE ON responses BEGIN
    UPDATE consultations SET revision = revision + 1
    WHERE id = (SELECT consultation_id FROM contributions WHERE id = NEW.contribution_id);
END;
CREATE TRIGGER responses_revision_ad AFTER DELETE ON responses BEGIN
    UPDATE consultations SET revision = revision + 1
    WHERE id = (SELECT consultation_id FROM contributions WHERE id = OLD.contribution_id);
END;

CREATE TRIGGER priority_revision_ai AFTER INSERT ON priority_allocations BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER priority_revision_au AFTER UPDATE ON priority_allocations BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER priority_revision_ad AFTER DELETE ON priority_allocations BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = OLD.consultation_id;
END;

CREATE TRIGGER invites_revision_ai AFTER INSERT ON consultation_invites BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = NEW.consultation_id;
END;
CREATE TRIGGER invites_revision_ad AFTER DELETE ON consultation_invites BEGIN
    UPDATE consultations SET revision = revision + 1 WHERE id = OLD.consultation_id;
END;

-- People's names as contributions show them change only with an
-- account's change or deletion: the newest such event is found in one
-- lookup (services/consultations.rs, names_version).
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
