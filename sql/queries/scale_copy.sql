-- One more copy of the documents and event mentions in scale_source (a temporary table of the original
-- doc_ids), for `timeline bench --merge-db FILE --scale K`: new ids (doc_id~s<copy>, and the mention and
-- dated_by ids that start with it), the publication date $days * $copy days later, and so are the
-- dates of mentions dated to a day (value, begin and end; a month, a year or a duration stays as it
-- is, like an absolute expression in a bench corpus's cycled copy). Timexes are not copied: the merge
-- does not read them.
INSERT INTO documents BY NAME
SELECT * REPLACE (doc_id || '~s' || $copy AS doc_id, source || '~s' || $copy AS source,
                  published_at + $days * $copy AS published_at)
FROM documents JOIN scale_source USING (doc_id);

INSERT INTO event_mentions BY NAME
SELECT * EXCLUDE (day) REPLACE (
    m.doc_id || '~s' || $copy AS doc_id,
    m.doc_id || '~s' || $copy || m.mention_id[length(m.doc_id) + 1:] AS mention_id,
    CASE WHEN m.dated_by IS NOT NULL THEN m.doc_id || '~s' || $copy || m.dated_by[length(m.doc_id) + 1:] END AS dated_by,
    CASE WHEN day THEN strftime(m.begin_date + $days * $copy, '%Y-%m-%d') ELSE m.value END AS value,
    CASE WHEN day THEN m.begin_date + $days * $copy ELSE m.begin_date END AS begin_date,
    CASE WHEN day THEN m.end_date + $days * $copy ELSE m.end_date END AS end_date)
FROM (SELECT *, regexp_full_match(value, '\d{4}-\d{2}-\d{2}') AND begin_date = end_date
             AND value = strftime(begin_date, '%Y-%m-%d') AS day
      FROM event_mentions) m
JOIN scale_source USING (doc_id);
