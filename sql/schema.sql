-- The timeline database. Applied on every run (idempotent); views live in views.sql.

-- One row per article that was read successfully (the latest version of it).
CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,
    source            VARCHAR NOT NULL,      -- file path, or path:line for JSONL
    title             VARCHAR,
    url               VARCHAR,
    published_at      DATE,                  -- the document creation time (DCT); NULL when missing
    dct_source        VARCHAR NOT NULL,      -- manifest | jsonl | front_matter | html_meta | feed | inferred (dct_note: evidence) | missing
    dct_note          VARCHAR,               -- why a given publication date was not usable
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    content_end       INTEGER NOT NULL,      -- text[:content_end] was extracted; the rest was boilerplate
    dropped           VARCHAR,               -- what was dropped before extraction
    text              VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL,      -- the run that loaded this version
    loaded_at         TIMESTAMP NOT NULL
);

-- Inputs that could not be used, with the reason; one row per source, the latest verdict.
CREATE TABLE IF NOT EXISTS rejections (
    source        VARCHAR PRIMARY KEY,
    doc_id        VARCHAR,
    reason        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    rejected_at   TIMESTAMP NOT NULL
);

-- Temporal expressions (TIMEX3), character offsets into documents.text.
CREATE TABLE IF NOT EXISTS timexes (
    doc_id       VARCHAR NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,          -- DATE | TIME | DURATION | SET
    value        VARCHAR NOT NULL,          -- TIMEX3 value: 2025-06, 2025-W17, P90D, 2025-04-16/2025-04-18
    mod          VARCHAR,
    begin_date   DATE,
    end_date     DATE,
    granularity  VARCHAR NOT NULL,
    anchor       VARCHAR NOT NULL,          -- absolute | dct | narrative | unresolved
    rule         VARCHAR,
    PRIMARY KEY (doc_id, start_char)
);

-- One row per dated event mention: the clause a temporal expression dates, or an event with a named
-- participant that no expression dates, placed at its article's publication date (date_source).
CREATE TABLE IF NOT EXISTS event_mentions (
    mention_id      VARCHAR PRIMARY KEY,    -- doc_id:offset of its temporal expression (doc_id:@offset of the trigger when none dates it)
    doc_id          VARCHAR NOT NULL,
    start_char      INTEGER NOT NULL,       -- the quote (clause) span
    end_char        INTEGER NOT NULL,
    quote           VARCHAR NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    trigger         VARCHAR NOT NULL,
    trigger_lemma   VARCHAR NOT NULL,
    actors          VARCHAR[] NOT NULL,     -- as written in the article
    actor_labels    VARCHAR[] NOT NULL,     -- their NER labels (PERSON, ORG, GPE ...)
    timex_start     INTEGER NOT NULL,       -- -1 (and timex_text '') when no temporal expression dates it
    timex_text      VARCHAR NOT NULL,
    relation        VARCHAR NOT NULL,       -- on | by | before | after | since | until | during
    status          VARCHAR NOT NULL,       -- occurred | ongoing | scheduled | planned | negated | hypothetical | reported
    value           VARCHAR NOT NULL,
    mod             VARCHAR,
    begin_date      DATE,
    end_date        DATE,
    granularity     VARCHAR NOT NULL,
    confidence      DOUBLE NOT NULL,        -- 0.9 its own expression ... 0.3 the publication date stands in
    keywords        VARCHAR[] NOT NULL,
    date_source     VARCHAR DEFAULT 'timex', -- timex: a temporal expression in its clause | clause: the dated clause
                                             -- it belongs to (dated_by) | lead: no expression dates it, the news
                                             -- day the article's lead gives stands in | publication: the
                                             -- publication date stands in (lead/publication: a stated fallback,
                                             -- confidence 0.3, never a reason to merge)
    actor_roles     VARCHAR[],              -- each actor's role where the parse shows it: subject, object, a
                                             -- preposition ('against'); '' when the actor is only in the clause
    dated_by        VARCHAR,                -- date_source 'clause': the mention whose expression dates it
    own_event       BOOLEAN DEFAULT false   -- date_source 'clause', a verb coordinated with the dated one ('was
                                             -- fired ... and founded NeXT'): an event of its own, not joined to it
);

-- Events: mentions of the same happening merged across documents.
-- events, event_links and mention_entities are rewritten whole by every merge, unique by
-- construction, and have no primary key: its index made a merge over existing events 13 times
-- slower to write (24.7 s against 1.9 s for 188,286 mentions). Files made with the keys lose them
-- when a run opens them (store.init_db).
CREATE TABLE IF NOT EXISTS events (
    event_id       VARCHAR NOT NULL,        -- unique
    label          VARCHAR NOT NULL,
    value          VARCHAR NOT NULL,
    mod            VARCHAR,
    begin_date     DATE,
    end_date       DATE,
    granularity    VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    actors         VARCHAR[] NOT NULL,
    mention_count  INTEGER NOT NULL,
    source_count   INTEGER NOT NULL,
    conflict       BOOLEAN NOT NULL,
    alt_values     VARCHAR[] NOT NULL,
    position       INTEGER,                 -- place in the view timeline (NULL when only a fallback dates it),
                                            -- set by sql/queries/number_events.sql
    date_source    VARCHAR DEFAULT 'timex', -- timex: a temporal expression in a mention's text gives the date |
                                            -- lead / publication: no mention has one; the news day its article's
                                            -- lead gives, or the publication date, stands in
    confidence     DOUBLE,                  -- the highest confidence of its mentions
    position_all   INTEGER                  -- place in the view timeline_all (every event)
);

-- Which mention belongs to which event, and why it was joined.
CREATE TABLE IF NOT EXISTS event_links (
    mention_id  VARCHAR NOT NULL,           -- unique: a mention is in one event
    event_id    VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL
);

-- Entities: one canonical name for the variants of a name across documents.
CREATE TABLE IF NOT EXISTS entities (
    entity_id      VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,        -- the canonical name
    label          VARCHAR NOT NULL,        -- most frequent NER label
    mention_count  INTEGER NOT NULL
);

-- Every name seen and the entity it stands for. source = user rows are edited by people
-- (`timeline alias add`) and win over the rules at the next run; the others are rebuilt each run.
CREATE TABLE IF NOT EXISTS entity_aliases (
    alias      VARCHAR PRIMARY KEY,         -- compared lower-case, without "the" and possessive
    canonical  VARCHAR NOT NULL,
    source     VARCHAR NOT NULL             -- user | rule | observed
);

-- Which entity takes part in which event mention.
CREATE TABLE IF NOT EXISTS mention_entities (
    mention_id  VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    surface     VARCHAR NOT NULL,           -- the name as the article wrote it
    role        VARCHAR                     -- subject, object, a preposition ('against') ... where the parse
                                            -- shows the entity as an argument of the event's trigger; '' otherwise
);                                          -- unique: (mention_id, entity_id, surface)

-- One row per flow run: when, what it saw, loaded, skipped (unchanged), rejected, how long it took.
CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    flow_run_id       VARCHAR,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    inputs            VARCHAR[] NOT NULL,
    extractor_version VARCHAR NOT NULL,
    seen              INTEGER,
    loaded            INTEGER,
    skipped           INTEGER,
    rejected          INTEGER,
    events            INTEGER,
    status            VARCHAR NOT NULL,     -- running | completed | failed | interrupted
    duration_seconds  DOUBLE,               -- how long the run took
    pid               INTEGER,              -- the process that ran it (a run whose process is gone
    host              VARCHAR               -- while it is still 'running' is marked 'interrupted')
);
-- databases created before these columns existed
ALTER TABLE runs ADD COLUMN IF NOT EXISTS duration_seconds DOUBLE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS host VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS position INTEGER;
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS date_source VARCHAR DEFAULT 'timex';
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS actor_roles VARCHAR[];
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS dated_by VARCHAR;
ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS own_event BOOLEAN DEFAULT false;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_source VARCHAR DEFAULT 'timex';
ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS position_all INTEGER;
ALTER TABLE mention_entities ADD COLUMN IF NOT EXISTS role VARCHAR;

-- What the stored events were merged from (one row): a run that finds the same documents, the same
-- user aliases and the same extractor version skips the merge (sql/queries/merge_fingerprint.sql).
-- Always one row, which every merge updates: two flows merging into one DuckLake store at once
-- conflict on it, so the later one merges again instead of adding its events beside the other's.
CREATE TABLE IF NOT EXISTS merge_state (
    fingerprint  VARCHAR NOT NULL,
    merged_at    TIMESTAMP NOT NULL
);
INSERT INTO merge_state SELECT '', TIMESTAMP '1970-01-01' WHERE NOT EXISTS (SELECT 1 FROM merge_state);
