-- The ordered timeline as exported to CSV: stable column order, ISO dates, lists joined with "; ".
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
ORDER BY position
