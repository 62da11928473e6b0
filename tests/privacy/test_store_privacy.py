"""Withdrawal, purge (raw bytes of .db, -wal, -shm), redaction with
re-anchoring, corrections, backups."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.privacy.conftest import TEXT_04, UNIQUE_04, UNIQUE_05, span
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.privacy import outgoing
from vos_coder.privacy.keyfile import Identifier
from vos_coder.privacy.pseudonymise import find_identifiers
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3


def raw_bytes(db: Path) -> bytes:
    return b"".join(Path(f"{db}{s}").read_bytes() for s in ("", "-wal", "-shm")
                    if Path(f"{db}{s}").exists())


def assert_invariant(p: Project) -> None:
    for s in p.sources(include_withdrawn=True):
        text = p.source_text(s.id)
        for e, _ in p.excerpts(s.id):
            assert text[e.start:e.end] == e.text
        for t in p.turns(s.id):
            assert 0 <= t.start <= t.end <= len(text)


def test_withdraw_hides_the_participant_everywhere(coded):
    assert {q.participant for q in coded.query()} == {"VoS-AL-04", "VoS-AL-05"}
    coded.withdraw("VoS-AL-04")
    assert {q.participant for q in coded.query()} == {"VoS-AL-05"}
    assert [s.participant for s in coded.sources()] == ["VoS-AL-05"]
    assert {c.participant for c in outgoing.everything(coded)} - {""} == {"VoS-AL-05"}
    row = coded.audit_log("participant.withdraw")[-1]
    assert row.details == {"participant": "VoS-AL-04"}


def test_purge_leaves_no_byte_of_the_text_in_any_file(coded):
    db = Path(coded.path)
    before = raw_bytes(db)
    assert UNIQUE_04.encode("utf-8") in before  # the grep can see the phrase
    assert "Lushnjë".encode() in before
    counts = coded.purge("VoS-AL-04")
    assert counts["sources"] == 1 and counts["excerpts"] == 4 and counts["memos"] == 2
    assert counts["history"] == 4
    # the project still works and still holds the other participant
    assert [q.participant for q in coded.query()] == ["VoS-AL-05"]
    assert coded.q1("SELECT count(*) FROM history") == 1
    coded.close()
    after = raw_bytes(db)
    for needle in (UNIQUE_04, "zebraquartz", "Lushnjë", "Arditës", "counsellor listened"):
        assert needle.encode("utf-8") not in after, needle
        assert needle.encode("utf-16-le") not in after, needle
    assert b"zebraquartz" not in after.lower()
    assert UNIQUE_05.encode() in after  # the other participant is intact
    with Project.open(db) as p:
        x = p.participant("VoS-AL-04")
        assert x.consent == "withdrawn" and x.attributes == {}
        purge = p.audit_log("participant.purge")[-1]
        # the log keeps the pseudonymous identifier, the time and the counts
        assert purge.details == {"participant": "VoS-AL-04", "sources": 1, "excerpts": 4,
                                 "codings": 4, "memos": 2, "history": 4, "audit_rows_cleaned": 1}
        assert p.search_sources("zebraquartz") == []


def test_purge_of_unknown_participant_changes_nothing(coded):
    n = coded.q1("SELECT count(*) FROM sources")
    with pytest.raises(NotFound):
        coded.purge("VoS-AL-09")
    assert coded.q1("SELECT count(*) FROM sources") == n


def test_redaction_keeps_every_coding_on_the_same_words(coded):
    sid = coded.source("VoS-AL-04").id
    before = {e.id: e.text for e, _ in coded.excerpts(sid)}
    text = coded.source_text(sid)
    found = find_identifiers(text, [Identifier("", "person", "Ardita", "[NAME-1]")])
    assert [m.text for m in found] == ["Ardita", "Arditës", "Ardita"]
    counts = coded.edit_source_text(sid, [(m.start, m.end, "[NAME-1]") for m in found], "redact",
                                    placeholder="[NAME-1]")
    assert counts["replacements"] == 3
    new = coded.source_text(sid)
    assert "Ardit" not in new and new.count("[NAME-1]") == 3
    assert_invariant(coded)
    after = {e.id: e.text for e, _ in coded.excerpts(sid)}
    assert after[min(after)] == "[NAME-1] from my class said the teacher would help."
    assert "the counsellor listened to us" in after.values()
    assert "[NAME-1] still writes to me every week." in after.values()
    assert set(after) == set(before)  # same excerpts, same codings
    q = coded.quote("Q-001")
    assert q.display_text == "[NAME-1] from my class said the teacher [would] help."
    assert next(t.start for t in coded.turns(sid)) == 0
    row = coded.audit_log("redact")[-1]
    assert "Ardit" not in str(row.details) and row.details["placeholder"] == "[NAME-1]"
    coded.close()
    raw = raw_bytes(Path(coded.path))
    assert "Arditës".encode() not in raw and b"Ardita from my class" not in raw


def test_correcting_a_transcript_moves_codings_with_the_words(coded):
    sid = coded.source("VoS-AL-04").id
    new_text = TEXT_04.replace("How did the school respond?",
                               "How did the school and the police respond to you?")
    new_text = new_text.replace("Afterwards I felt calmer.", "Later I felt a little calmer.")
    before = sorted(e.text for e, _ in coded.excerpts(sid))
    coded.replace_source_text(sid, new_text)
    assert coded.source_text(sid) == new_text
    assert sorted(e.text for e, _ in coded.excerpts(sid)) == before
    assert_invariant(coded)
    turns = coded.turns(sid)
    assert new_text[turns[0].start:turns[0].end] == \
        "Interviewer: How did the school and the police respond to you?"
    assert new_text[turns[3].start:turns[3].end].startswith("Participant: Later I felt")


def test_edits_that_overlap_or_empty_text_are_refused(coded):
    sid = coded.source("VoS-AL-04").id
    with pytest.raises(InvalidInput):
        coded.edit_source_text(sid, [(0, 10, "x"), (5, 12, "y")])
    with pytest.raises(InvalidInput):
        coded.replace_source_text(sid, "   \n")
    assert coded.source_text(sid) == TEXT_04


def test_backup_is_private_and_complete(coded, tmp_path):
    out = coded.backup(tmp_path / "copy.db")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
    con.close()
    assert coded.audit_log("backup")[-1].details["file"] == "copy.db"
    with pytest.raises(Exception):  # noqa: B017 - refuses to overwrite
        coded.backup(out)


def test_project_file_is_owner_only(coded):
    assert stat.S_IMODE(os.stat(coded.path).st_mode) == 0o600


def test_undo_after_a_redaction_removes_the_right_coding(coded):
    sid = coded.source("VoS-AL-04").id
    text = coded.source_text(sid)
    other = coded.themes()[2].path
    coded.code(sid, *span(text, "Ardita still writes to me every week."), other)
    found = find_identifiers(text, [Identifier("", "person", "Ardita", "[NAME-1]")])
    coded.edit_source_text(sid, [(m.start, m.end, "[NAME-1]") for m in found], "redact")
    n = coded.q1("SELECT count(*) FROM codings")
    coded.undo()
    assert coded.q1("SELECT count(*) FROM codings") == n - 1
    themes = {e.text: {c.theme_id for c in cs} for e, cs in coded.excerpts(sid)}
    assert coded.theme(other).id not in themes["[NAME-1] still writes to me every week."]
    coded.redo()
    themes = {e.text: {c.theme_id for c in cs} for e, cs in coded.excerpts(sid)}
    assert coded.theme(other).id in themes["[NAME-1] still writes to me every week."]
    assert coded.q1("SELECT count(*) FROM codings") == n
