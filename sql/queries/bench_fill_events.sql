-- `timeline bench --events N`: N synthetic events (and no mentions) in an empty database, for
-- timing the views people query. $n is bound by the caller. Dates spread over ten years at mixed
-- precision; actors drawn from 5,000 names, 0-3 per event.
INSERT INTO events (event_id, label, value, mod, begin_date, end_date, granularity, status, actors,
                    mention_count, source_count, conflict, alt_values)
SELECT
    'E' || lpad(to_hex(i), 12, '0')                                           AS event_id,
    'synthetic event number ' || i || ' about the tariff talks'               AS label,
    strftime(d, '%Y-%m-%d')                                                   AS value,
    NULL                                                                      AS mod,
    CASE WHEN i % 20 = 0 THEN NULL ELSE d END                                 AS begin_date,
    CASE WHEN i % 20 = 0 THEN NULL WHEN i % 7 = 0 THEN d + 30 ELSE d END      AS end_date,
    CASE WHEN i % 20 = 0 THEN 'duration' WHEN i % 7 = 0 THEN 'month' ELSE 'day' END AS granularity,
    (['occurred', 'ongoing', 'scheduled', 'planned'])[1 + i % 4]              AS status,
    list_transform(range(i % 4), k -> 'Person ' || ((i * 7919 + k * 104729) % 5000)) AS actors,
    1 + i % 3                                                                 AS mention_count,
    1 + i % 2                                                                 AS source_count,
    i % 97 = 0                                                                AS conflict,
    []::VARCHAR[]                                                             AS alt_values
FROM (SELECT i, DATE '2016-01-01' + CAST((i * 2654435761) % 3650 AS INTEGER) AS d
      FROM range(CAST($n AS BIGINT)) t(i));
