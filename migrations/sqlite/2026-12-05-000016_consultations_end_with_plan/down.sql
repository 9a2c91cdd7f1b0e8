-- Nothing to undo: the closing dates set are true to what happened.
SELECT 1;
