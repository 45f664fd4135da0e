-- The first page of the timeline view, as `timeline show` pages it.
SELECT * FROM timeline ORDER BY position LIMIT 50
