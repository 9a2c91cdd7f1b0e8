-- The API and "you said, we did" list a consultation's contributions a page
-- at a time, oldest first.
CREATE INDEX contributions_listing_idx ON contributions (consultation_id, created_at, id);
