DROP INDEX contributions_listing_idx;
