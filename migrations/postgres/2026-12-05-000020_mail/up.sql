-- Following consultations and threads, and e-mail sent over SMTP: each
-- person chooses immediate mail, a daily digest or none; an outbox row is
-- sent only once the server accepted it, retried with back-off, and built
-- from its notification in the reader's language.
CREATE TABLE follows (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    consultation_id INTEGER REFERENCES consultations (id),
    contribution_id INTEGER REFERENCES contributions (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX follows_consultation_key ON follows (consultation_id, user_id) WHERE consultation_id IS NOT NULL;
CREATE UNIQUE INDEX follows_thread_key ON follows (contribution_id, user_id) WHERE contribution_id IS NOT NULL;
CREATE INDEX follows_user_idx ON follows (user_id);

ALTER TABLE users ADD COLUMN email_frequency TEXT NOT NULL DEFAULT 'immediate';
ALTER TABLE users ADD COLUMN unsubscribe_token TEXT;
ALTER TABLE users ADD COLUMN digest_sent_at TIMESTAMP;
CREATE UNIQUE INDEX users_unsubscribe_key ON users (unsubscribe_token);

ALTER TABLE outbox ADD COLUMN notification_id INTEGER REFERENCES notifications (id);
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN given_up_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_pending_idx ON outbox (user_id) WHERE sent_at IS NULL AND given_up_at IS NULL;
