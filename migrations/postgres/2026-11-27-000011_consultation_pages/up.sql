-- A consultation's page reads one page of top-level contributions, the replies
-- under them, and a person's own supports: indexes so that each stays cheap
-- on a national consultation.
CREATE INDEX contributions_threads_idx ON contributions (consultation_id, parent_id, created_at);
CREATE INDEX contributions_parent_idx ON contributions (parent_id);
CREATE INDEX supports_user_idx ON supports (user_id);
