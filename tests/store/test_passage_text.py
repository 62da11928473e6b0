"""An excerpt's text is derived from its source and offsets (migration 5),
never stored twice, and checked against the checksum written with it
(store/passage_text.py, `vos-coder doctor`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3
from vos_coder.store.passage_text import like_contains

FIXTURES = Path(__file__).parents[1] / "reliability" / "fixtures"
PASSAGE = "Zorbavik kept the ledger of the ferry crossings"  # a fictional, unique phrase
TEXT = normalise(f"Interviewer: What happened then?\n\nParticipant: {PASSAGE}, every week.\n")


def _file_bytes(path: Path) -> bytes:
    return b"".join(Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists())


def test_a_coded_passage_is_stored_once_in_the_file(tmp_path):
    path = tmp_path / "p.db"
    with Project.create(path, codebook="empty") as p:
        p.import_codebook({"themes": [{"name": "Travel"}, {"name": "Work"}]})
        src = p.add_source("VoS-AL-01", "one", ParsedSource(TEXT))
        start, end = p.match_span(src.id, PASSAGE)
        p.code(src.id, start, end, ["Travel"], coder="ana")
        p.code_many([(src.id, start, end - 6, "Work", "ben"), (src.id, start + 9, end, "Work", "ben")])
        assert [e.text for e, _ in p.excerpts(src.id)] == [PASSAGE[:-6], PASSAGE, PASSAGE[9:]]
        [passage] = p.query(themes=["Travel"])
        assert passage.text == PASSAGE
        assert p.excerpt_text_problems() == []
    data = _file_bytes(path)
    assert data.count(PASSAGE.encode()) == 1  # in the source only
    assert data.count(b"ferry crossings") == 1


def test_every_write_path_keeps_the_demo_passages_checkable(demo_path):
    with Project.open(demo_path) as p:
        assert p.excerpt_text_problems() == []
        derived = {r["id"]: r["text"] for r in p.all_excerpts()}
        by_view = dict(p.db.execute("SELECT id, text FROM excerpts_with_text").fetchall())
        assert derived == by_view
        src = p.sources()[0]
        text = p.source_text(src.id)
        word = next(w for w in text.split() if len(w) > 6 and w.isalpha())
        at = text.index(word)
        p.edit_source_text(src.id, [(at, at + len(word), "Someone")])
        assert p.excerpt_text_problems() == []
        for e, _ in p.excerpts(src.id):
            assert p.source_text(src.id)[e.start:e.end] == e.text


def test_doctor_finds_a_source_changed_behind_vos_coders_back(demo_path):
    from tests.cli.conftest import Cli

    cli = Cli(demo_path)
    assert cli("doctor").output.splitlines()[-1] == "excerpt texts: ok"
    conn = sqlite3.connect(demo_path)
    sid, = conn.execute("SELECT source_id FROM excerpts ORDER BY id LIMIT 1").fetchone()
    conn.execute("UPDATE sources SET text = 'X' || text WHERE id = ?", [sid])  # every offset shifts
    conn.commit()
    moved = conn.execute("SELECT count(*) FROM excerpts WHERE source_id = ?", [sid]).fetchone()[0]
    conn.close()
    result = cli("doctor", ok=False)
    assert result.exit_code == 1
    assert f"{moved} excerpt(s) no longer read as coded" in result.output
    assert "Traceback" not in result.output


def test_migration_5_keeps_the_text_as_stored_and_checks_it(tmp_path):
    """An old file whose stored copy already differed from the source is
    flagged after the upgrade, not silently read as the source's words."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v4.db", path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE excerpts SET text = 'not these words'")
    conn.commit()
    conn.close()
    with Project.open(path) as p:
        assert p.excerpt_text_problems() == [1]
        assert "text" not in p.db["excerpts"].columns_dict
    shutil.copy(FIXTURES / "schema_v4.db", path)
    with Project.open(path) as p:
        assert p.excerpt_text_problems() == []


@given(st.text(alphabet="aAbBzZ%_\\éÉ ", max_size=12), st.text(alphabet="aAbBzZ%_\\éÉ ", min_size=1, max_size=4))
def test_the_search_filter_is_sqls_like(text, needle):
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    conn = sqlite3.connect(":memory:")
    want = conn.execute("SELECT ? LIKE ? ESCAPE '\\'", [text, f"%{escaped}%"]).fetchone()[0]
    conn.close()
    assert like_contains(text, needle) == bool(want)
