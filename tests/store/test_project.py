import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.core.text import normalise
from vos_coder.errors import (
    Conflict,
    Duplicate,
    DuplicateOfAnother,
    InvalidInput,
    NotFound,
    ProjectError,
)
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3
from vos_coder.store.migrations import SCHEMA_VERSION

TEXT = normalise(
    "Interviewer: How did school respond?\n\n"
    "Participant: Në shkollë nobody knew. I stayed silent for months.\n\n"
    "Interviewer: And the helpline?\n\n"
    "Participant: I found it online, later.\n"
)


def turns_of(text):
    out, pos = [], 0
    for n, para in enumerate(text.split("\n\n"), start=1):
        out.append(Turn(n, para.split(":")[0], pos, pos + len(para.rstrip("\n"))))
        pos += len(para) + 2
    return tuple(out)


@pytest.fixture
def coded(project):
    project.import_codebook({"themes": [{"name": "Stigma", "children": [
        {"name": "Silence"}, {"name": "Fear [of] others"}]}, {"name": "Support"}]})
    project.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource(TEXT, turns_of(TEXT)))
    return project


def test_create_sets_pragmas_mode_and_version(tmp_path):
    path = tmp_path / "p.db"
    p = Project.create(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert p.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert p.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert len(p.themes()) == 21 and p.theme("Culture of silence").path == "Stigma and shame/Culture of silence"
    p.close()


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"keep me")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_bytes() == b"keep me"


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "p.db"
    Project.create(path, codebook="empty").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer vos-coder"):
        Project.open(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="not a vos-coder project"):
        Project.open(path)
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_not_a_database_and_missing_file(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ProjectError, match="not a vos-coder project"):
        Project.open(junk)
    with pytest.raises(ProjectError, match="vos-coder init"):
        Project.open(tmp_path / "missing.db")


def test_migration_of_a_blank_file_gives_the_schema(tmp_path):
    p = Project.create(tmp_path / "p.db", codebook="empty")
    tables = set(p.db.table_names())
    assert {"settings", "groups", "participants", "participant_attributes", "sources", "turns",
            "themes", "excerpts", "codings", "quotes", "memos", "history", "audit_log",
            "sources_fts"} <= tables
    assert p.db["excerpts"].columns_dict == {"id": int, "source_id": int, "start": int, "end": int,
                                              "created_at": str, "checksum": int}
    p.close()
    # Opening again applies nothing twice.
    Project.open(tmp_path / "p.db").close()


def test_duplicate_source_is_refused_and_nothing_stored(coded):
    with pytest.raises(Duplicate, match="same text"):
        coded.add_source("VoS-AL-01", "again", ParsedSource(TEXT))
    with pytest.raises(DuplicateOfAnother, match="under VoS-AL-01 .* not stored for VoS-AL-02"):
        coded.add_source("VoS-AL-02", "copy", ParsedSource(TEXT))
    assert len(coded.sources()) == 1
    assert [p.pid for p in coded.participants()] == ["VoS-AL-01"]


def test_code_query_and_the_offset_invariant(coded):
    src = coded.source("VoS-AL-01")
    start, end = coded.match_span(src.id, "nobody knew")
    made = coded.code(src.id, start, end, ["Silence", "Stigma/Fear [of] others"], coder="ana")
    assert len(made) == 2
    row = coded.db.execute('SELECT start, "end", text FROM excerpts_with_text').fetchone()
    assert row == (start, end, "nobody knew")
    assert coded.source_text(src.id)[start:end] == "nobody knew"
    [passage] = coded.query(themes=["Stigma"])
    assert passage.themes == ("Stigma/Silence", "Stigma/Fear [of] others")
    assert passage.participant == "VoS-AL-01" and passage.quote_id == "Q-001"
    assert coded.query(themes=["Support"]) == []
    # Coding again is not a second coding.
    assert coded.code(src.id, start, end, "Silence", coder="ana") == []


def test_match_refuses_ambiguous_and_absent_text(coded):
    with pytest.raises(InvalidInput, match="2 times"):
        coded.match_span("VoS-AL-01", "Interviewer:")
    with pytest.raises(NotFound):
        coded.match_span("VoS-AL-01", "words that are not there")


def test_theme_stats_count_participants_and_roll_up(coded):
    src = coded.source("VoS-AL-01")
    coded.add_source("VoS-AL-02", "two", ParsedSource(normalise("Participant: I stayed silent too.\n")))
    coded.ensure_participant("VoS-AL-03")
    a = coded.match_span(src.id, "nobody knew")
    b = coded.match_span(src.id, "I stayed silent for months.")
    coded.code(src.id, *a, "Silence", "ana")
    coded.code(src.id, *b, "Fear [of] others", "ana")
    coded.code("two", *coded.match_span("two", "silent"), "Silence", "ana")
    stats = {s.theme.path: s for s in coded.theme_stats()}
    assert (stats["Stigma"].excerpts, stats["Stigma"].participants, stats["Stigma"].in_scope) == (3, 2, 3)
    assert (stats["Stigma/Silence"].excerpts, stats["Stigma/Silence"].participants) == (2, 2)
    assert stats["Support"].participants == 0


def test_undo_redo_survive_reopening(coded, tmp_path):
    src = coded.source("VoS-AL-01")
    span = coded.match_span(src.id, "nobody knew")
    coded.code(src.id, *span, ["Silence", "Support"], coder="ana")
    path = coded.path
    coded.close()
    p = Project.open(path)
    assert p.undo("ana")["action"] == "code"
    assert p.query() == []
    assert p.undo("ana") is None
    p.close()
    p = Project.open(path)
    assert p.redo("ana")["action"] == "code"
    assert [x.themes for x in p.query()] == [("Stigma/Silence", "Support")]
    assert p.redo("ana") is None
    p.close()


def test_themes_rename_move_merge_delete(coded):
    src = coded.source("VoS-AL-01")
    span = coded.match_span(src.id, "nobody knew")
    coded.code(src.id, *span, "Fear [of] others", "ana")
    with pytest.raises(Conflict, match="already exists"):
        coded.add_theme("Silence", "Stigma")
    with pytest.raises(InvalidInput, match="may not contain"):
        coded.add_theme("a/b")
    coded.rename_theme("Silence", "Culture of silence")
    coded.move_theme("Support", "Stigma")
    assert coded.theme("Support").path == "Stigma/Support"
    with pytest.raises(InvalidInput, match="under itself"):
        coded.move_theme("Stigma", "Stigma/Support")
    with pytest.raises(Conflict, match="coding"):
        coded.delete_theme("Fear [of] others")
    coded.merge_theme("Fear [of] others", "Culture of silence")
    assert [x.themes for x in coded.query()] == [("Stigma/Culture of silence",)]
    assert coded.delete_theme("Stigma/Culture of silence", force=True) == 1
    assert coded.query() == []
    with pytest.raises(NotFound, match="did you mean"):
        coded.theme("Stigmaa")


def test_codebook_export_import_round_trip(vos_project, project):
    data = vos_project.export_codebook()
    added, updated = project.import_codebook(data)
    assert (added, updated) == (21, 0)
    assert [(t.path, t.uuid, t.colour, t.description) for t in project.themes()] == \
        [(t.path, t.uuid, t.colour, t.description) for t in vos_project.themes()]


def test_withdrawn_participants_leave_queries_and_scope(coded):
    src = coded.source("VoS-AL-01")
    coded.code(src.id, *coded.match_span(src.id, "nobody knew"), "Silence", "ana")
    coded.db.execute("UPDATE participants SET consent = 'withdrawn'")
    assert coded.query() == []
    assert coded.participants_in_scope() == 0
    assert coded.search_sources("nobody") == []


def test_search_is_diacritic_insensitive(coded):
    [(sid, start, end)] = coded.search_sources("shkolle")
    assert coded.source_text(sid)[start:end] == "shkollë"


words = st.text(alphabet="abcdëçé \n\r\u0301", min_size=1, max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=words, data=st.data())
def test_offsets_hold_for_random_texts_and_spans(tmp_path_factory, raw, data):
    text = normalise(raw)
    if not text.strip():
        return
    path = tmp_path_factory.mktemp("h") / "p.db"
    with Project.create(path, codebook="empty") as p:
        p.add_theme("T")
        src = p.add_source("VoS-AL-01", "s", ParsedSource(text))
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        p.code(src.id, start, end, "T", "x")
        stored = p.source_text(src.id)
        for e, _ in p.excerpts(src.id):
            assert stored[e.start:e.end] == e.text
        [passage] = p.query()
        assert stored[passage.start:passage.end] == passage.text


def test_code_many_matches_single_coding(coded):
    src = coded.source("VoS-AL-01")
    a = coded.match_span(src.id, "nobody knew")
    b = coded.match_span(src.id, "I found it online")
    added = coded.code_many([(src.id, *a, "Silence", "ana"), (src.id, *a, "Support", "ana"),
                             (src.id, *b, "Support", "bo"), (src.id, *a, "Silence", "ana")])
    assert added == 3
    assert coded.code_many([(src.id, *a, "Silence", "ana")]) == 0
    passages = coded.query()
    assert [(x.text, x.themes, x.coders) for x in passages] == [
        ("nobody knew", ("Stigma/Silence", "Support"), ("ana",)),
        ("I found it online", ("Support",), ("bo",))]
    assert [x.quote_id for x in passages] == ["Q-001", "Q-002"]
    # A later single coding gets the next quote number.
    c = coded.match_span(src.id, "How did school respond?")
    coded.code(src.id, *c, "Support", "ana")
    assert coded.query(search="school")[0].quote_id == "Q-003"
    with pytest.raises(InvalidInput, match="outside"):
        coded.code_many([(src.id, 0, 10_000, "Support", "ana")])


def test_excerpt_snapshot_counts_code_points_past_emoji_and_accents(project):
    project.add_theme("T")
    text = normalise("Participant: 🙂🙂 Në shkollë, 𝒜 askush nuk e dinte.\n")
    src = project.add_source("VoS-AL-01", "s", ParsedSource(text))
    start, end = project.match_span(src.id, "askush nuk")
    project.code(src.id, start, end, "T", "x")
    [(excerpt, _)] = project.excerpts(src.id)
    assert (excerpt.start, excerpt.end, excerpt.text) == (start, end, "askush nuk")
    with pytest.raises(InvalidInput, match="outside"):
        project.code(src.id, 0, len(text) + 1, "T", "x")
