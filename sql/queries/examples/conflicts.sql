-- Events whose sources disagree on the date, with each source's own date.
SELECT t.position, t.date, t.alt_values, s.doc_id, s.mention_date, s.quote
FROM timeline t
JOIN timeline_sources s USING (event_id)
WHERE t.conflict OR len(t.alt_values) > 0
ORDER BY t.position, s.doc_id
