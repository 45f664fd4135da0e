-- The names the actors of the stored mentions are written with: (name, NER label, times), in the order
-- each (name, label) first appears (mentions in mention_id order, actors in their order), as
-- extractors.entities.mention_surfaces makes them from mentions in memory.
SELECT name, label, count(*) AS times
FROM (SELECT mention_id, unnest(actors) AS name, unnest(actor_labels) AS label,
             generate_subscripts(actors, 1) AS position
      FROM event_mentions)
WHERE name IS NOT NULL AND label IS NOT NULL  -- (zip: as far as both lists go)
GROUP BY name, label
ORDER BY min({'mention_id': mention_id, 'position': position})
