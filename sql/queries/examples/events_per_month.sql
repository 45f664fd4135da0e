-- How busy each month was: events that begin in it, by precision (undated events left out).
SELECT strftime(begin_date, '%Y-%m') AS month, precision, count(*) AS events
FROM timeline
WHERE begin_date IS NOT NULL
GROUP BY ALL
ORDER BY month, precision
