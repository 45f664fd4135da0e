-- One row per mention (`timeline export --mentions`, and the sources of `timeline report`): the
-- event it belongs to, the document (title, url, publication date), the quote and its sentence.
-- Same parameters and meaning as export_timeline.sql; the filters select events, and every
-- mention of a selected event is kept. `position` is the event's place in the timeline exported
-- (timeline, or timeline_all with $everything).
SELECT
    t.position,
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
    s.merge_reason,
    s.date_source,
    s.confidence
FROM timeline_sources s
JOIN filtered_timeline($entity, $date_from, $date_to, $status, $min_sources, $everything) t USING (event_id)
ORDER BY t.position, s.published_at NULLS LAST, s.doc_id, s.start_char
