-- One row per mention (`timeline export --mentions`, and the sources of `timeline report`): the
-- event it belongs to, the document (title, url, publication date), the quote and its sentence.
-- Same parameters and meaning as export_timeline.sql; the filters select events, and every
-- mention of a selected event is kept.
SELECT
    s.position,
    s.event_id,
    s.event_date,
    t.event,
    s.mention_id,
    s.doc_id,
    s.title,
    s.url,
    s.published_at,
    s.mention_date,
    s.status,
    s.trigger,
    s.quote,
    s.sentence,
    s.start_char,
    s.end_char,
    s.merge_reason
FROM timeline_sources s
JOIN timeline t USING (event_id)
WHERE ($entity IS NULL OR len(list_filter(t.actors, a -> lower(a) = lower($entity)
                                   OR contains(' ' || lower(a) || ' ', ' ' || lower($entity) || ' '))) > 0)
  AND ($date_from IS NULL OR t.end_date >= CAST($date_from AS DATE))
  AND ($date_to IS NULL OR t.begin_date <= CAST($date_to AS DATE))
  AND ($status IS NULL OR t.status = $status)
  AND ($min_sources IS NULL OR t.sources >= CAST($min_sources AS INTEGER))
ORDER BY s.position, s.published_at NULLS LAST, s.doc_id, s.start_char
