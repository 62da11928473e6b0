"""Edits of a stored source (redaction, corrections): offsets against a
brute-force check, what the edit reports and audits, quote display texts,
undo entries of other sources, and backups."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.privacy.conftest import TEXT_04, span
from vos_coder.core.model import ParsedSource
from vos_coder.errors import InvalidInput, ProjectError, Unfinished
from vos_coder.store import Project
from vos_coder.store.engine import sqlite
from vos_coder.store.privacy import apply_edits


# -- offsets: a span no edit touches keeps its words -----------------------------------------
@st.composite
def _edits(draw):
    text = draw(st.text(alphabet="abc .", min_size=1, max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = [(a, b, draw(st.text(alphabet="XY", max_size=4)))
             for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return text, spans


@given(_edits(), st.data())
@settings(max_examples=300)
def test_a_span_outside_every_edit_keeps_its_words(case, data):
    text, spans = case
    new, moved = apply_edits(text, spans)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    if any(s < b and a < e or (s == e and a < s < b) for s, e, _ in spans):
        return  # the span holds part of an edit: its words changed
    assert new[moved.start(a):moved.end(b)] == text[a:b]
    # where it lands: after every replacement wholly before it, in the new text
    shift = sum(len(r) - (e - s) for s, e, r in spans if e <= a)
    assert moved.start(a) == a + shift


def test_words_inserted_next_to_a_span_stay_outside_it():
    text = "I felt calmer. Later too."
    new, moved = apply_edits(text, [(7, 7, "much "), (13, 13, " today")])
    assert new == "I felt much calmer today. Later too."
    assert new[moved.start(7):moved.end(13)] == "calmer"


def test_a_span_starting_where_a_replacement_ends_does_not_take_it_in():
    text = "Orla came home. Then Orla left."
    new, moved = apply_edits(text, [(0, 4, "[NAME-1]"), (21, 25, "[NAME-1]")])
    assert new == "[NAME-1] came home. Then [NAME-1] left."
    assert new[moved.start(4):moved.end(15)] == " came home."
    assert new[moved.start(25):moved.end(31)] == " left."
    assert new[moved.start(0):moved.end(4)] == "[NAME-1]"


def test_touching_replacements_are_applied_and_overlapping_ones_refused():
    assert apply_edits("Orla Brennick", [(0, 4, "[A]"), (4, 13, "[B]")])[0] == "[A][B]"
    with pytest.raises(InvalidInput) as caught:
        apply_edits("Orla Brennick", [(0, 5, "[A]"), (4, 13, "[B]")])
    assert caught.value.message == "two replacements overlap; give them one at a time"


# -- what an edit reports, audits and refuses ------------------------------------------------
def test_an_edit_reports_and_audits_what_it_changed(coded):
    sid = coded.source("VoS-AL-04").id
    text = coded.source_text(sid)
    before = {e.id: (e.start, e.end, e.text) for e, _ in coded.excerpts(sid)}
    s, e = span(text, "my class")
    counts = coded.edit_source_text(sid, [(s, e, "[GROUP]")])
    after = {x.id: (x.start, x.end, x.text) for x, _ in coded.excerpts(sid)}
    moved = sum(before[i] != after[i] for i in before)
    assert moved == 4  # the one holding the words and the three after it
    assert counts == {"replacements": 1, "excerpts moved": moved, "display texts": 1,
                      "display texts cleared": 0, "emptied": []}
    row = coded.audit_log("source.edit")[-1]  # the default action
    assert row.details == {"source": sid, "replacements": 1, "excerpts_moved": moved,
                           "display_texts": 1, "display_texts_cleared": 0, "emptied": []}


def test_a_replacement_ending_where_the_quote_ends_is_made_in_its_display_text_too(coded):
    sid = coded.source("VoS-AL-04").id
    s, e = span(coded.source_text(sid), "help.")
    coded.edit_source_text(sid, [(s, e, "[SUPPORT].")])
    assert coded.quote("Q-001").display_text == \
        "Ardita from my class said the teacher [would] [SUPPORT]."


def test_a_display_text_the_edit_makes_unfaithful_is_cleared_not_emptied(coded):
    sid = coded.source("VoS-AL-04").id
    s, e = span(coded.source_text(sid), "teacher would")
    counts = coded.edit_source_text(sid, [(s, e, "[ROLE]")])
    assert (counts["display texts"], counts["display texts cleared"]) == (0, 1)
    assert coded.quote("Q-001").display_text is None
    assert coded.q1("SELECT count(*) FROM quotes WHERE display_text IS NULL") >= 1
    assert coded.q1("SELECT count(*) FROM quotes WHERE display_text = ''") == 0


def test_a_redaction_outside_a_quote_leaves_its_display_text(coded):
    """Ardita is also named after the quote: only the name inside it changes there."""
    sid = coded.source("VoS-AL-04").id
    text = coded.source_text(sid)
    later = text.index("Ardita still")
    coded.edit_source_text(sid, [(later, later + 6, "[NAME-1]")])
    assert coded.quote("Q-001").display_text == \
        "Ardita from my class said the teacher [would] help."


@pytest.mark.parametrize(("replacement", "message"), [
    ("", "the edits would leave the text empty; nothing was changed"),
    ("\n", "the edits would leave the text empty; nothing was changed"),
    ("Participant: We went home. ", "the edited text would not be normalised; avoid trailing blanks"),
])
def test_an_edit_that_would_spoil_the_text_changes_nothing(coded, replacement, message):
    sid = coded.source("VoS-AL-04").id
    text = coded.source_text(sid)
    with pytest.raises(InvalidInput) as caught:
        coded.edit_source_text(sid, [(0, len(text), replacement)])
    assert caught.value.message == message
    assert coded.source_text(sid) == text


def test_an_edit_that_drops_the_last_line_feed_is_stored_normalised(coded):
    sid = coded.source("VoS-AL-04").id
    text = coded.source_text(sid)
    coded.edit_source_text(sid, [(len(text) - 1, len(text), "")])
    assert coded.source_text(sid) == text


def test_an_edit_of_a_source_that_is_not_there_is_refused(coded):
    with pytest.raises(InvalidInput) as caught:
        coded.edit_source_text(999, [(0, 1, "x")])
    assert caught.value.message == "no source with id 999"


def test_undo_of_another_sources_coding_is_not_moved_by_an_edit(tmp_path):
    p = Project.create(tmp_path / "u.db", codebook="empty")
    try:
        p.add_theme("Family")
        other = TEXT_04.replace("Ardita", "Genta")
        one = p.add_source("VoS-AL-31", "interview", ParsedSource(TEXT_04, ())).id
        two = p.add_source("VoS-AL-32", "interview", ParsedSource(other, ())).id
        p.code(one, *span(TEXT_04, "Afterwards"), ["Family"], "ana")
        p.code(two, *span(other, "Afterwards"), ["Family"], "ana")
        first = TEXT_04.index("Ardita")
        p.edit_source_text(one, [(first, first + 6, "[NAME-1]")])
        p.undo("ana")  # the coding in VoS-AL-32, at the offsets it was made at
        assert [(e.text, c) for e, c in p.excerpts(two)] == [("Afterwards", [])]
        assert [(e.text, len(c)) for e, c in p.excerpts(one)] == [("Afterwards", 1)]
    finally:
        p.close()


# -- backups ---------------------------------------------------------------------------------
def test_a_backup_is_audited_with_its_size(coded, tmp_path):
    out = coded.backup(tmp_path / "b.db")
    row = coded.audit_log("backup")[-1]
    assert row.details["bytes"] == out.stat().st_size > 0
    assert row.details["file"] == "b.db"


def test_a_backup_onto_the_project_itself_is_refused(coded):
    with pytest.raises(InvalidInput) as caught:
        coded.backup(coded.path)
    assert caught.value.message == \
        "the backup cannot overwrite the project itself; choose another --out"


class _FullDisk:
    """The project's connection, whose backup finds the disk full."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def backup(self, *args, **kwargs):
        raise sqlite.OperationalError("database or disk is full")

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_backup_that_fails_says_why_and_leaves_no_file(coded, tmp_path):
    out = tmp_path / "b.db"
    real = coded.db.conn
    coded.db.conn = _FullDisk(real)
    try:
        with pytest.raises(ProjectError) as caught:
            coded.backup(out)
    finally:
        coded.db.conn = real
    assert caught.value.message.startswith(f"the disk holding {out} is full")
    assert not out.exists() and not (tmp_path / "b.db-journal").exists()
    assert coded.audit_log("backup") == []


# -- more of what an edit must get right -----------------------------------------------------
def test_a_span_ending_or_starting_inside_a_later_replacement_covers_it():
    text = "Orla came. Then Brennick left."
    new, moved = apply_edits(text, [(0, 4, "[NAME-1]"), (16, 24, "[NAME-2]")])
    assert new[moved.start(11):moved.end(20)] == "Then [NAME-2]"     # "Then Bren"
    assert new[moved.start(18):moved.end(30)] == "[NAME-2] left."    # "ennick left."


def test_only_excerpts_whose_words_or_place_changed_are_counted_as_moved(coded):
    sid = coded.source("VoS-AL-04").id
    s, e = span(coded.source_text(sid), "counsellor")
    counts = coded.edit_source_text(sid, [(s, e, "[PERSON-1]")])  # the same length
    assert counts["excerpts moved"] == 1


def test_every_display_text_an_edit_changes_or_clears_is_counted(coded):
    sid = coded.source("VoS-AL-04").id
    coded.set_display_text("Q-004", "Ardita still writes to me [each] week.")
    text = coded.source_text(sid)
    names = [(m.start(), m.end(), "[NAME-1]") for m in re.finditer("Ardita", text)]
    assert coded.edit_source_text(sid, names)["display texts"] == 2
    text = coded.source_text(sid)
    cuts = [(*span(text, "teacher would"), "[ROLE]"), (*span(text, "every week"), "[WHEN]")]
    counts = coded.edit_source_text(sid, cuts)
    assert (counts["display texts"], counts["display texts cleared"]) == (0, 2)


@pytest.mark.parametrize("ending", ["X", "home."])
def test_an_edit_leaving_line_feeds_to_tidy_is_stored_normalised(tmp_path, ending):
    """A text ending in X (a letter a strip of "X\\n" would also take) or
    left with two line feeds: stored with one line feed, not refused."""
    p = Project.create(tmp_path / "n.db", codebook="empty")
    try:
        text = f"Participant: We went {ending}\n"
        sid = p.add_source("VoS-AL-41", "interview", ParsedSource(text, ())).id
        p.edit_source_text(sid, [(len(text) - 1, len(text), "")])  # the last line feed dropped
        assert p.source_text(sid) == text
        p.edit_source_text(sid, [(len(text) - 1, len(text), "\n\n")])  # two line feeds
        assert p.source_text(sid) == text
    finally:
        p.close()


class _NoVacuum:
    """The project's connection, on which VACUUM finds the disk full."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def execute(self, sql, *args):
        if sql == "VACUUM":
            raise sqlite.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.parametrize("again", [None, "run the same redact again"])
def test_an_edit_whose_scrub_stops_says_what_is_done_and_what_finishes_it(coded, again):
    sid = coded.source("VoS-AL-04").id
    s, e = span(coded.source_text(sid), "Lushnjë")
    real = coded.db.conn
    coded.db.conn = _NoVacuum(real)
    try:
        with pytest.raises(Unfinished) as caught:
            coded.edit_source_text(sid, [(s, e, "[TOWN]")], again=again)
    finally:
        coded.db.conn = real
    message = caught.value.message
    done = f"the text of source {sid} is changed" if again else "the change is saved"
    assert message.startswith(f"{done}, but the file is not scrubbed yet"), message
    assert message.endswith(f"; fix that and {again or 'a later purge or redaction finishes it'}")
    assert "[TOWN]" in coded.source_text(sid)


def test_a_damaged_undo_entry_does_not_stop_the_others_moving(coded):
    sid = coded.source("VoS-AL-04").id
    coded.db.execute("INSERT INTO history(at, coder, action, payload) VALUES ('', 'x', 'code', '{')")
    text = coded.source_text(sid)
    at = text.index("Afterwards")
    coded.code(sid, at, at + 10, coded.themes()[1].path, "ana")
    first = text.index("Ardita")
    coded.edit_source_text(sid, [(first, first + 6, "[NAME-1]")])
    coded.undo("ana")
    assert [c for e, c in coded.excerpts(sid) if e.text == "Afterwards"] == [[]]
