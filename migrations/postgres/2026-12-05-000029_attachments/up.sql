-- Files attached to a plan or to one of its nodes (annexes, reports,
-- background documents, images). The content lives in the database, so
-- that every instance serves the same files and a backup holds them all.
CREATE TABLE attachments (
    id SERIAL PRIMARY KEY,
    parent_kind TEXT NOT NULL,
    parent_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    lang TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_parent_idx ON attachments (parent_kind, parent_id);
CREATE INDEX attachments_user_idx ON attachments (uploaded_by);
