-- The runs of the flow, latest first, and what each rejected.
SELECT r.run_id, r.started_at, r.status, r.seen, r.loaded, r.skipped, r.rejected, r.events,
       list(j.source || ': ' || j.reason) FILTER (WHERE j.source IS NOT NULL) AS rejections
FROM runs r
LEFT JOIN rejections j USING (run_id)
GROUP BY ALL
ORDER BY r.started_at DESC
