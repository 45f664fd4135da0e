-- For each stored mention that the clause it belongs to dates (date_source 'clause') and that is not an
-- event of its own there (own_event: a coordinated verb): its position and the position of the mention
-- that dates the clause (dated_by), positions in mention_id order from 0.
WITH ranked AS (SELECT mention_id, dated_by, date_source, own_event,
                       row_number() OVER (ORDER BY mention_id) - 1 AS position
                FROM event_mentions)
SELECT c.position, p.position
FROM ranked c JOIN ranked p ON p.mention_id = c.dated_by
WHERE c.date_source = 'clause' AND NOT coalesce(c.own_event, false)
