DROP TABLE audit_events;
DROP TABLE sign_in_attempts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisations;
