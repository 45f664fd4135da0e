-- What is still to come: scheduled and planned events, soonest first, with how many sources say so.
SELECT date, precision, status, sources, event
FROM timeline
WHERE status IN ('scheduled', 'planned')
ORDER BY position
