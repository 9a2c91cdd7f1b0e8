-- The catalogue keeps its facet columns in memory and rebuilds them when the
-- latest audit event on practices, ratings, adoptions, links or organisations
-- changes; this index answers that question without reading the trail.
CREATE INDEX audit_events_entity_latest_idx ON audit_events (entity, id);
