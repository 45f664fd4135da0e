-- The timeline order, stored in events.position after every merge (a view that numbered a million
-- events on every query took seconds for its first page): by begin date (undated last), then finer
-- precision first, then event id.
UPDATE events SET position = o.position
FROM (
    SELECT e.event_id,
           row_number() OVER (ORDER BY e.begin_date NULLS LAST, coalesce(g.rank, 10), e.event_id) AS position
    FROM events e
    LEFT JOIN (VALUES ('time', 0), ('day', 1), ('week', 2), ('month', 3), ('quarter', 4), ('season', 4),
                      ('half', 5), ('year', 6), ('decade', 7), ('century', 8), ('duration', 9))
              AS g(granularity, rank) USING (granularity)
) o
WHERE events.event_id = o.event_id
