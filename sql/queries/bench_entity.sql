-- Events with one actor (the `--entity` filter of export_timeline.sql), first page.
SELECT position, event_id, date, event, actors
FROM timeline
WHERE len(list_filter(actors, a -> lower(a) = lower($entity)
                         OR contains(' ' || lower(a) || ' ', ' ' || lower($entity) || ' '))) > 0
ORDER BY position
LIMIT 50
