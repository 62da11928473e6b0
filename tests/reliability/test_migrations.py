"""Project files written by every earlier schema version open with their data intact.

fixtures/schema_vN.db is a small project made by the release that wrote schema N;
a new schema version adds its fixture here (made before the change lands)."""

import shutil
from pathlib import Path

import pytest

from vos_coder.store import Project
from vos_coder.store.migrations import SCHEMA_VERSION

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_v*.db"))


def test_there_is_a_fixture_for_every_schema_version():
    versions = {int(p.stem.split("_v")[1]) for p in FIXTURES}
    assert versions == set(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_old_files_upgrade_with_data_intact(fixture, tmp_path):
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    with Project.open(db) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [passage] = p.query()
        assert passage.participant == "VoS-AL-01"
        assert passage.text == "The counsellor at Qendra Shpresë listened."
        assert p.source_text(passage.source_id)[passage.start:passage.end] == passage.text
        assert passage.themes == ("Support services/Competence and training of practitioners",)
        assert p.participant("VoS-AL-01").attributes == {"age": ["19"], "town_type": ["rural"]}
        assert len(p.turns(passage.source_id)) == 2


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_turns_come_through_every_migration_unchanged(fixture, tmp_path):
    """Migration 7 rebuilds the turns table keyed by (source, number): every
    turn of an older file comes back with the same number, speaker, offsets
    and timestamp, and the triggers that mark a relabelled turn's
    participant are there again."""
    from vos_coder.store.engine import sqlite as sqlite3

    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    conn = sqlite3.connect(db)
    before = conn.execute('SELECT source_id, n, speaker, start, "end", timestamp FROM turns '
                          "ORDER BY source_id, n").fetchall()
    conn.close()
    with Project.open(db) as p:
        after = [(s.id, *t) for s in p.sources() for t in p.turns(s.id)]
        triggers = {r[0] for r in p.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'turns'")}
    assert sorted(after) == before and before
    assert triggers == {"turns_tally_ad", "turns_tally_au"}


def test_schema_sql_changes_come_with_a_migration(tmp_path):
    """The newest fixture was written by the current schema version: if
    schema.sql changes, the change needs a new migration and a new fixture."""
    from vos_coder.store.engine import sqlite as sqlite3

    newest = FIXTURES[-1]
    fresh = tmp_path / "fresh.db"
    Project.create(fresh, codebook="empty").close()

    def ddl(path):
        conn = sqlite3.connect(path)
        try:
            return sorted(r[0] for r in conn.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '%fts%' "
                "AND name NOT LIKE '_sqlite_migrations%'"))
        finally:
            conn.close()

    assert ddl(newest) == ddl(fresh)
