-- Views people query. Ordering of uncertain dates is stated and stable: `position` numbers events
-- by begin date (undated last), then finer precision first, then event id.
--
-- Two timelines: `timeline` holds the events whose date the text gives (a temporal expression in
-- one of their mentions); `timeline_all` holds every event, also those that no expression dates and
-- that are placed only by a stated fallback (date_source 'lead': the news day the article's lead
-- gives; 'publication': its publication date; confidence 0.3). Nothing is dropped: the everyday
-- view is the first, `--all` (show, export, report) and `timeline_all` give everything.

CREATE OR REPLACE VIEW timeline AS
SELECT
    e.position,                      -- numbered by sql/queries/number_events.sql after every merge
    e.event_id,
    e.value          AS date,
    e.granularity    AS precision,
    e.mod,
    e.begin_date,
    e.end_date,
    e.status,
    e.label          AS event,
    e.actors,
    e.source_count   AS sources,
    e.mention_count  AS mentions,
    e.conflict,
    e.alt_values,
    coalesce(e.date_source, 'timex') AS date_source,
    e.confidence
FROM events e
WHERE coalesce(e.date_source, 'timex') NOT IN ('lead', 'publication');
-- No ORDER BY in the view: query it with `ORDER BY position` (a sort inside the view made DuckDB
-- sort every event again under an outer ORDER BY: 440 ms instead of 17 ms for a first page of 1M).

-- Every event, with the same columns; `position` is the place among all events.
CREATE OR REPLACE VIEW timeline_all AS
SELECT
    e.position_all   AS position,
    e.event_id,
    e.value          AS date,
    e.granularity    AS precision,
    e.mod,
    e.begin_date,
    e.end_date,
    e.status,
    e.label          AS event,
    e.actors,
    e.source_count   AS sources,
    e.mention_count  AS mentions,
    e.conflict,
    e.alt_values,
    coalesce(e.date_source, 'timex') AS date_source,
    e.confidence
FROM events e;

-- Each event's mentions (of every event: `position` is its place in timeline, NULL when only a
-- fallback dates it; `position_all` its place in timeline_all), with the reason it was merged.
CREATE OR REPLACE VIEW timeline_sources AS
SELECT
    e.position,
    e.event_id,
    e.value          AS event_date,
    m.mention_id,
    m.doc_id,
    d.title,
    d.url,
    d.published_at,
    m.value          AS mention_date,
    m.status,
    m.trigger,
    m.quote,
    m.start_char,
    m.end_char,
    substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,
    m.sentence_start,
    m.sentence_end,
    l.reason         AS merge_reason,
    e.position_all,
    coalesce(m.date_source, 'timex') AS date_source,  -- where this mention's own date comes from
    m.confidence,
    m.dated_by                       -- date_source 'clause': the mention whose expression dates it
FROM events e
JOIN event_links l USING (event_id)
JOIN event_mentions m USING (mention_id)
JOIN documents d USING (doc_id)
ORDER BY e.position_all, d.published_at NULLS LAST, m.doc_id, m.start_char;

-- Events whose sources disagree on the date: one row per source, with the date that source gives
-- (a date only a fallback gives never makes a conflict).
CREATE OR REPLACE VIEW conflicts AS
SELECT
    t.position,
    t.event_id,
    t.date           AS event_date,
    t.alt_values     AS other_dates,
    t.event,
    m.doc_id,
    d.published_at,
    m.value          AS source_date,
    m.quote,
    l.reason         AS merge_reason
FROM timeline t
JOIN event_links l USING (event_id)
JOIN event_mentions m USING (mention_id)
JOIN documents d USING (doc_id)
WHERE t.conflict AND coalesce(m.date_source, 'timex') = 'timex'
ORDER BY t.position, m.value, m.doc_id;

-- Each canonical entity's events in timeline order (names joined through entity_aliases); the
-- _all variant also lists the events only a fallback dates.
CREATE OR REPLACE VIEW entity_timeline AS
SELECT DISTINCT
    n.entity_id,
    n.name           AS entity,
    t.*
FROM timeline t
JOIN event_links l USING (event_id)
JOIN mention_entities me USING (mention_id)
JOIN entities n USING (entity_id)
ORDER BY entity, t.position;

CREATE OR REPLACE VIEW entity_timeline_all AS
SELECT DISTINCT
    n.entity_id,
    n.name           AS entity,
    t.*
FROM timeline_all t
JOIN event_links l USING (event_id)
JOIN mention_entities me USING (mention_id)
JOIN entities n USING (entity_id)
ORDER BY entity, t.position;

-- The timeline under the filters of `show`, `export` and `report` (NULL = no filter):
--   entity       an actor, case-insensitive, as a whole name or whole words of one ("Trump" finds "Donald Trump")
--   date_from    events that end on or after this date (undated events and durations drop out)
--   date_to      events that begin on or before this date
--   wanted_status  occurred | ongoing | scheduled | planned
--   min_sources  at least this many documents tell the event
--   everything   true: timeline_all (also the events only a fallback dates); false or NULL: timeline
CREATE OR REPLACE MACRO filtered_timeline(entity, date_from, date_to, wanted_status, min_sources, everything) AS TABLE
SELECT * FROM (
    SELECT * FROM timeline WHERE NOT coalesce(CAST(everything AS BOOLEAN), false)
    UNION ALL
    SELECT * FROM timeline_all WHERE coalesce(CAST(everything AS BOOLEAN), false)
)
WHERE (entity IS NULL OR (contains(lower(array_to_string(actors, chr(31))), lower(entity))  -- cheap first test
                          AND len(list_filter(actors, a -> lower(a) = lower(entity)
                                   OR contains(' ' || lower(a) || ' ', ' ' || lower(entity) || ' '))) > 0))
  AND (date_from IS NULL OR end_date >= CAST(date_from AS DATE))
  AND (date_to IS NULL OR begin_date <= CAST(date_to AS DATE))
  AND (wanted_status IS NULL OR status = wanted_status)
  AND (min_sources IS NULL OR sources >= CAST(min_sources AS INTEGER));
