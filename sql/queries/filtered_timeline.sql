-- The timeline with its lists kept as lists, for `timeline show` and `timeline report`.
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
    actors,
    sources,
    mentions,
    conflict,
    alt_values,
    date_source,
    confidence
FROM filtered_timeline($entity, $date_from, $date_to, $status, $min_sources, $everything)
ORDER BY position
