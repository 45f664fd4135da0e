-- The documents loaded, where their publication date came from, and how many mentions each gave.
SELECT d.doc_id, d.title, d.published_at, d.dct_source, count(m.mention_id) AS mentions
FROM documents d
LEFT JOIN event_mentions m USING (doc_id)
GROUP BY ALL
ORDER BY d.published_at NULLS LAST, d.doc_id
