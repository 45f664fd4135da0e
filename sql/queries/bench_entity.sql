-- Events with one actor (the `--entity` filter of `timeline show` and `timeline export`), first page.
SELECT position, event_id, date, event, actors
FROM filtered_timeline($entity, NULL, NULL, NULL, NULL, false)
ORDER BY position
LIMIT 50
