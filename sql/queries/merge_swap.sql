-- A merge's staged events, links and mention entities (Parquet files: flows/store.py StagedEvents) in
-- place of the stored ones; run in one transaction with the entities, aliases and merge_state
-- (store.replace_with_staged). $events, $event_links, $mention_entities: the files.
DELETE FROM event_links;
DELETE FROM events;
DELETE FROM mention_entities;
INSERT INTO events BY NAME SELECT * FROM read_parquet($events);
INSERT INTO event_links BY NAME SELECT * FROM read_parquet($event_links);
INSERT INTO mention_entities BY NAME SELECT * FROM read_parquet($mention_entities);
