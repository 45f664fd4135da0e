-- (mentions, events, events merged from several mentions) as stored: a run's summary when it skips the merge.
SELECT (SELECT count(*) FROM event_mentions),
       (SELECT count(*) FROM events),
       (SELECT count(*) FROM events WHERE mention_count > 1)
