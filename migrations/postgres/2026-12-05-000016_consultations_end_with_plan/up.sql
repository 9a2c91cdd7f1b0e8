-- A consultation ends when its plan leaves the consultation stage (the plan
-- service now closes them then); consultations left open on such plans
-- before that rule close now, so that badge, forms and API agree.
UPDATE consultations
SET opens_at = LEAST(opens_at, now() AT TIME ZONE 'UTC'),
    closes_at = now() AT TIME ZONE 'UTC',
    updated_at = now() AT TIME ZONE 'UTC',
    revision = revision + 1
WHERE closes_at > now() AT TIME ZONE 'UTC'
  AND plan_id IN (SELECT id FROM plans WHERE status <> 'consultation');
