-- The timeline order, stored after every merge (a view that numbered a million events on every
-- query took seconds for its first page): by begin date (undated last), then finer precision first,
-- then dates the text gives before dates only a fallback gives, then event id.
-- position: the place among the events the text dates (the view timeline; NULL for the others);
-- position_all: the place among all events (the view timeline_all).
UPDATE events SET position = o.position, position_all = o.position_all
FROM (
    SELECT e.event_id,
           CASE WHEN NOT e.fallback THEN row_number() OVER (PARTITION BY e.fallback ORDER BY e.begin_date NULLS LAST,
               coalesce(g.rank, 10), e.event_id) END AS position,
           row_number() OVER (ORDER BY e.begin_date NULLS LAST, coalesce(g.rank, 10), e.fallback, e.event_id) AS position_all
    FROM (SELECT event_id, begin_date, granularity,
                 coalesce(date_source, 'timex') IN ('lead', 'publication') AS fallback FROM events) e
    LEFT JOIN (VALUES ('time', 0), ('day', 1), ('week', 2), ('month', 3), ('quarter', 4), ('season', 4),
                      ('half', 5), ('year', 6), ('decade', 7), ('century', 8), ('duration', 9))
              AS g(granularity, rank) USING (granularity)
) o
WHERE events.event_id = o.event_id
