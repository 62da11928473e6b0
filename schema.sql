-- vos-coder project schema (version 1).
-- The single source of the schema: vos_coder/store/schema.sql is an identical copy
-- that ships in the wheel (a test keeps the two the same).
-- Offsets are code points into sources.text (NFC, LF, no BOM).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE groups (
    name        TEXT PRIMARY KEY,
    attribution TEXT NOT NULL DEFAULT 'identifier' CHECK (attribution IN ('identifier', 'anonymous')),
    label       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE participants (
    id           INTEGER PRIMARY KEY,
    pid          TEXT NOT NULL UNIQUE,
    grp          TEXT NOT NULL REFERENCES groups(name) ON UPDATE CASCADE,
    consent      TEXT NOT NULL DEFAULT 'active' CHECK (consent IN ('active', 'withdrawn')),
    withdrawn_at TEXT,
    created_at   TEXT NOT NULL
);

-- One row per value: a multi-select survey question has several rows per name.
CREATE TABLE participant_attributes (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (participant_id, name, value)
);
CREATE INDEX participant_attributes_name ON participant_attributes(name, value);

CREATE TABLE sources (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'conversation',
    text           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    origin         TEXT NOT NULL DEFAULT '',
    imported_at    TEXT NOT NULL
);
CREATE INDEX sources_participant ON sources(participant_id);
CREATE INDEX sources_hash ON sources(content_hash);

CREATE TABLE turns (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    n         INTEGER NOT NULL,
    speaker   TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    timestamp TEXT,
    UNIQUE (source_id, n),
    CHECK (0 <= start AND start <= "end")
);

CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES themes(id),
    name        TEXT NOT NULL CHECK (name <> '' AND instr(name, '/') = 0),
    description TEXT NOT NULL DEFAULT '',
    inclusion   TEXT NOT NULL DEFAULT '',
    exclusion   TEXT NOT NULL DEFAULT '',
    colour      TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX themes_sibling_name ON themes(coalesce(parent_id, 0), name);

-- Migration 5 drops excerpts.text (an excerpt's text is derived from sources.text
-- and its offsets: store/passage_text.py) and adds excerpts.checksum, the CRC-32 of
-- the passage's UTF-8, which `vos-coder doctor` checks the derived text against.
CREATE TABLE excerpts (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (source_id, start, "end"),
    CHECK (0 <= start AND start < "end")
);

CREATE TABLE codings (
    id         INTEGER PRIMARY KEY,
    excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
    theme_id   INTEGER NOT NULL REFERENCES themes(id),
    coder      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (excerpt_id, theme_id, coder)
);
CREATE INDEX codings_theme ON codings(theme_id);

-- Every excerpt is a quote in waiting: number is stable (Q-017) and never reused.
CREATE TABLE quotes (
    excerpt_id   INTEGER PRIMARY KEY REFERENCES excerpts(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL UNIQUE,
    status       TEXT NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'approved', 'excluded')),
    display_text TEXT,
    updated_at   TEXT NOT NULL
);

CREATE TABLE memos (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'theme', 'participant', 'source', 'excerpt')),
    target_id   INTEGER,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target_kind, target_id);

-- Undo/redo of coding actions, kept so they survive a restart.
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    coder   TEXT NOT NULL,
    action  TEXT NOT NULL,
    payload TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0
);

-- Who did what, when; never the text of a passage.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);

-- Disclosure-check hits a lead has marked as false positives.
CREATE TABLE disclosure_dismissed (
    id         INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
);

CREATE VIRTUAL TABLE sources_fts USING fts5(
    title, text, content='sources', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER sources_ad AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER sources_au AFTER UPDATE OF title, text ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- Quick keys of the workbench: per coder, the digit 1-9 that codes with a theme.
-- A coder with no rows gets the first nine themes in codebook order.
CREATE TABLE quick_keys (
    coder    TEXT NOT NULL,
    digit    INTEGER NOT NULL CHECK (digit BETWEEN 1 AND 9),
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (coder, digit),
    UNIQUE (coder, theme_id)
);
