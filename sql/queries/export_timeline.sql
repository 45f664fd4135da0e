-- The ordered timeline as exported (CSV, Parquet, JSON Lines): one row per event, stable column
-- order, ISO dates, lists joined with "; ".
-- Parameters: those of the filtered_timeline macro (sql/views.sql), always bound by the caller.
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
    array_to_string(alt_values, '; ') AS alt_dates,
    date_source,
    confidence
FROM filtered_timeline($entity, $date_from, $date_to, $status, $min_sources, $everything)
ORDER BY position
