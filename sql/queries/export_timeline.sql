-- The ordered timeline as exported (CSV, Parquet, JSON Lines): one row per event, stable column
-- order, ISO dates, lists joined with "; ".
-- Parameters (NULL = no filter), always bound by the caller, never pasted into the text:
--   $entity      an actor, case-insensitive, as a whole name or whole words of one ("Trump" finds "Donald Trump")
--   $date_from   events that end on or after this date (undated events and durations drop out)
--   $date_to     events that begin on or before this date
--   $status      occurred | ongoing | scheduled | planned
--   $min_sources at least this many documents tell the event
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
    array_to_string(actors, '; ') AS actors,
    sources,
    mentions,
    conflict,
    array_to_string(alt_values, '; ') AS alt_dates
FROM timeline
WHERE ($entity IS NULL OR len(list_filter(actors, a -> lower(a) = lower($entity)
                                   OR contains(' ' || lower(a) || ' ', ' ' || lower($entity) || ' '))) > 0)
  AND ($date_from IS NULL OR end_date >= CAST($date_from AS DATE))
  AND ($date_to IS NULL OR begin_date <= CAST($date_to AS DATE))
  AND ($status IS NULL OR status = $status)
  AND ($min_sources IS NULL OR sources >= CAST($min_sources AS INTEGER))
ORDER BY position
