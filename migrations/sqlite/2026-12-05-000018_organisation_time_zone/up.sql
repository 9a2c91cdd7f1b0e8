-- The time zone an organisation works in (an IANA name): its consultations'
-- windows are entered and shown in it, and stored in UTC.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Rome';
