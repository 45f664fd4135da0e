-- One actor's timeline (here Japan): the events that name it, in order.
SELECT position, date, precision, status, event
FROM timeline
WHERE list_contains(actors, 'Japan')
ORDER BY position
