-- The timeline with its lists kept as lists, for `timeline show` and `timeline report`.
-- Same parameters and meaning as export_timeline.sql.
SELECT
    position,
    event_id,
    date,
    precision,
    mod,
    begin_date,
    end_date,
    status,
    event,
    actors,
    sources,
    mentions,
    conflict,
    alt_values
FROM timeline
WHERE ($entity IS NULL OR len(list_filter(actors, a -> lower(a) = lower($entity)
                                   OR contains(' ' || lower(a) || ' ', ' ' || lower($entity) || ' '))) > 0)
  AND ($date_from IS NULL OR end_date >= CAST($date_from AS DATE))
  AND ($date_to IS NULL OR begin_date <= CAST($date_to AS DATE))
  AND ($status IS NULL OR status = $status)
  AND ($min_sources IS NULL OR sources >= CAST($min_sources AS INTEGER))
ORDER BY position
