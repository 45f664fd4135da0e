-- Every source of the events told by more than one document: who said it, when, in which words.
SELECT s.position, s.event_date, s.title, s.doc_id, s.published_at, s.mention_date, s.quote
FROM timeline_sources s
JOIN timeline t USING (event_id)
WHERE t.sources > 1
ORDER BY s.position, s.published_at, s.doc_id
