ALTER TABLE plans DROP COLUMN start_tolerance_days;
