ALTER TABLE sessions DROP COLUMN last_seen_at;
ALTER TABLE api_tokens DROP COLUMN expires_at;
ALTER TABLE api_tokens DROP COLUMN scope;
