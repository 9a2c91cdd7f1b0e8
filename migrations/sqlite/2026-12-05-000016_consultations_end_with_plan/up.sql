-- A consultation ends when its plan leaves the consultation stage (the plan
-- service now closes them then); consultations left open on such plans
-- before that rule close now, so that badge, forms and API agree.
UPDATE consultations
SET opens_at = MIN(opens_at, strftime('%Y-%m-%d %H:%M:%S', 'now')),
    closes_at = strftime('%Y-%m-%d %H:%M:%S', 'now'),
    updated_at = strftime('%Y-%m-%d %H:%M:%S', 'now'),
    revision = revision + 1
WHERE closes_at > strftime('%Y-%m-%d %H:%M:%S', 'now')
  AND plan_id IN (SELECT id FROM plans WHERE status <> 'consultation');
