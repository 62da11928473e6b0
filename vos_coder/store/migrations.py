"""Schema migrations. Migration 1 applies schema.sql; later changes are new
``mNNN_`` functions. ``PRAGMA user_version`` records the schema version so a
file written by a newer vos-coder is refused before anything touches it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vos_coder.errors import ProjectError

if TYPE_CHECKING:
    import sqlite_utils

    from vos_coder.store.database import Database


class _Migrations:
    """``sqlite_utils.Migrations`` with the same ``@migrations()`` decorator, but
    sqlite-utils is imported only when a file actually needs migrating: opening
    an up-to-date project (every read-only command) never loads it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[Callable, dict[str, Any]]] = []

    def __call__(self, **kwargs: Any) -> Callable[[Callable], Callable]:
        def inner(fn: Callable) -> Callable:
            self._registered.append((fn, kwargs))
            return fn
        return inner

    def apply(self, db: sqlite_utils.Database) -> None:
        from sqlite_utils import Migrations

        real = Migrations(self.name)
        for fn, kwargs in self._registered:
            real(**kwargs)(fn)
        real.apply(db)


migrations = _Migrations("vos_coder")


def schema_sql() -> str:
    """The DDL: shipped inside the wheel, read from the repository top in a checkout."""
    from importlib import resources

    packaged = resources.files("vos_coder.store").joinpath("schema.sql")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "schema.sql").read_text(encoding="utf-8")


@migrations()
def m001_schema(db: sqlite_utils.Database) -> None:
    db.executescript(schema_sql())


@migrations()
def m002_forget_guessable_hit_ids(db: sqlite_utils.Database) -> None:
    """Hit ids written before they were keyed with the key file's secret were
    12 hex digits of a plain hash of (participant, excerpt, kind, matched
    text): a list of common names tried against them recovers the names.
    Forget them: old dismissals go (those hits come back for review, the safe
    direction), and the ids leave the audit log (the rows and counts stay)."""
    db.execute("DELETE FROM disclosure_dismissed WHERE length(fingerprint) = 12")
    db.execute("UPDATE audit_log SET details = json_remove(details, '$.hit') "
               "WHERE json_valid(details) AND length(json_extract(details, '$.hit')) = 12")
    db.execute("UPDATE audit_log SET details = json_remove(details, '$.hit_ids') "
               "WHERE json_valid(details) AND json_type(details, '$.hit_ids') = 'array' "
               "AND EXISTS (SELECT 1 FROM json_each(details, '$.hit_ids') "
               "WHERE length(value) = 12)")


@migrations()
def m003_quick_keys(db: sqlite_utils.Database) -> None:
    """Quick keys 1-9 per coder (the same DDL as schema.sql, which a fresh
    project has already run: hence IF NOT EXISTS)."""
    db.execute("""CREATE TABLE IF NOT EXISTS quick_keys (
    coder    TEXT NOT NULL,
    digit    INTEGER NOT NULL CHECK (digit BETWEEN 1 AND 9),
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (coder, digit),
    UNIQUE (coder, theme_id)
)""")


@migrations()
def m004_theme_tally(db: sqlite_utils.Database) -> None:
    """Per-theme counts per participant and coder, kept up to date in each
    change's transaction (store/tally.py), so counting themes reads a few
    rows per participant instead of every coding."""
    from vos_coder.store.tally import DDL, RECOUNT_ALL

    db.executescript(DDL)
    db.execute(RECOUNT_ALL)


@migrations()
def m005_excerpt_text_derived(db: sqlite_utils.Database) -> None:
    """An excerpt no longer keeps a copy of its passage: the text is its
    source's text between its offsets (store/passage_text.py). A CRC-32 of
    the passage is kept instead, computed here from the copy being dropped,
    so `vos-coder doctor` finds any excerpt whose derived text differs from
    what was stored. And bulk coding marks the counts to redo once per
    participant rather than once per coding (store/tally.py)."""
    from vos_coder.store.passage_text import checksum

    db.conn.create_function("vos_passage_checksum", 1, checksum)
    db.execute("ALTER TABLE excerpts ADD COLUMN checksum INTEGER")
    db.execute("UPDATE excerpts SET checksum = vos_passage_checksum(text)")
    db.execute("ALTER TABLE excerpts DROP COLUMN text")
    # Bulk coding (code_many) marks its participants itself and holds the mark
    # of participant 0 while it writes: the per-coding trigger stands aside.
    from vos_coder.store.tally import MARK_CODING_ADDED

    db.execute("DROP TRIGGER codings_tally_ai")
    db.execute(MARK_CODING_ADDED)
    # For SQL outside vos-coder (and tests): each excerpt with its derived text.
    db.execute('CREATE VIEW excerpts_with_text AS SELECT e.*, substr(s.text, e.start + 1, '
               'e."end" - e.start) AS text FROM excerpts e JOIN sources s ON s.id = e.source_id')


@migrations()
def m006_tally_without_interviewer(db: sqlite_utils.Database) -> None:
    """The maintained counts leave out the passages the interviewer spoke (as
    every count does since this version), so reading them needs no
    correction; a change to a coded source's turns marks its participant."""
    from vos_coder.store.tally import RECOUNT_ALL, TURNS_MARK

    db.executescript(TURNS_MARK)
    db.execute("DELETE FROM theme_tally")
    db.execute(RECOUNT_ALL)
    db.execute("DELETE FROM tally_dirty")


@migrations()
def m007_turns_keyed_by_source(db: sqlite_utils.Database) -> None:
    """A turn is known by its source and number: the table is keyed on
    (source_id, n) WITHOUT ROWID, so storing a source's turns writes one
    b-tree instead of a table and an index (a folder of transcripts holds
    hundreds of thousands of turns; the file is smaller too). No other table
    refers to a turn's old id. The triggers of migration 6 go with the old
    table and are made again on the new one."""
    from vos_coder.store.tally import TURNS_TRIGGERS

    db.execute("DROP TRIGGER IF EXISTS turns_tally_ad")
    db.execute("DROP TRIGGER IF EXISTS turns_tally_au")
    db.execute("""CREATE TABLE turns_keyed (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    n         INTEGER NOT NULL,
    speaker   TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    timestamp TEXT,
    PRIMARY KEY (source_id, n),
    CHECK (0 <= start AND start <= "end")
) WITHOUT ROWID""")
    db.execute('INSERT INTO turns_keyed(source_id, n, speaker, start, "end", timestamp) '
               'SELECT source_id, n, speaker, start, "end", timestamp FROM turns')
    db.execute("DROP TABLE turns")
    db.execute("ALTER TABLE turns_keyed RENAME TO turns")
    for ddl in TURNS_TRIGGERS:
        db.execute(ddl)


SCHEMA_VERSION = 7  # the number of migrations above


def check_version(db: Database | sqlite_utils.Database, path: object) -> int:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path} was written by a newer vos-coder (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade vos-coder to open it"
        )
    return version


def migrate(db: Database, path: object) -> None:
    """Bring the file up to SCHEMA_VERSION; refuse newer files."""
    if check_version(db, path) == SCHEMA_VERSION:
        return
    migrations.apply(getattr(db, "utils", db))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
