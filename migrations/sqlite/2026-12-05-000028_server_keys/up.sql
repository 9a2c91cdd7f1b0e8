-- Secrets the server keeps for itself, shared by every instance on this
-- database: "sign_in" keys the hashes under which sign-in attempts are
-- counted, so that a copy of that table does not give away the e-mail
-- addresses and client addresses behind them (a plain SHA-256 of an IPv4
-- address is reversed by trying them all).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- Attempts counted under unkeyed hashes can no longer be matched.
DELETE FROM sign_in_attempts;
