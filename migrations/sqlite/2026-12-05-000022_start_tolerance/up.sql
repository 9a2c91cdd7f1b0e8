-- How many days after its planned start an action may start before the plan
-- calls it "started late" (0: any day late counts).
ALTER TABLE plans ADD COLUMN start_tolerance_days INTEGER NOT NULL DEFAULT 0;
