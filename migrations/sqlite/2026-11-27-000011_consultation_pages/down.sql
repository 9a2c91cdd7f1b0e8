DROP INDEX supports_user_idx;
DROP INDEX contributions_parent_idx;
DROP INDEX contributions_threads_idx;
