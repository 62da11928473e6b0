"""A passage never spans speakers, in the store itself; undo and redo per
transcript, and project-wide with the same words (store and CLI)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.tui.conftest import make_tiny, tiny_text
from vos_coder.cli import app as cli_app
from vos_coder.core.model import ParsedSource
from vos_coder.core.passages import clip_to_turn
from vos_coder.errors import InvalidInput
from vos_coder.store import Project


@pytest.fixture
def tiny(tmp_path):
    path = make_tiny(tmp_path / "tiny.db")
    with Project.open(path) as p:
        yield p


def test_the_store_refuses_spans_over_turns_and_blank_lines(tiny):
    text, turns = tiny_text()
    t2, t3 = turns[1], turns[2]
    words = t2.start + len("Participant: ")
    cases = {
        (words, t3.start + 20): "runs over 2 speaker turns",
        (words, t2.end + 1): "runs past the end of turn 2",
        (t2.end, t3.start): "only blank lines",
    }
    for (a, b), message in cases.items():
        with pytest.raises(InvalidInput, match=message):
            tiny.code(1, a, b, ["School"], "x")
    assert tiny.q1("SELECT count(*) FROM excerpts") == 0
    made = tiny.code(1, words, t2.end, ["School"], "x")  # the turn's words: fine
    assert len(made) == 1
    assert tiny.excerpt(made[0].excerpt_id).text == text[words:t2.end]


def test_the_store_refuses_a_new_span_over_a_speaker_label(tiny):
    _text, turns = tiny_text()
    t2 = turns[1]
    words = t2.start + len("Participant: ")
    for a, b in ((t2.start, t2.end), (t2.start + 3, words + 5), (t2.start, t2.start + 11),
                 (words - 1, words + 9)):
        with pytest.raises(InvalidInput) as caught:
            tiny.code(1, a, b, ["School"], "x")
        assert str(caught.value) == (f"span {a}:{b} includes the speaker label 'Participant:' of "
                                     f"turn 2; a passage starts after it (at {words})")
    with pytest.raises(InvalidInput, match="speaker label"):  # the search screen's batch too
        tiny.code_spans([(1, t2.start, t2.end)], ["School"], "x")
    assert tiny.q1("SELECT count(*) FROM excerpts") == 0  # nothing written
    assert tiny.q1("SELECT count(*) FROM history") == 0
    assert len(tiny.code(1, words, t2.end, ["School"], "x")) == 1  # the words alone: fine


def test_the_cli_says_the_label_in_one_line(tmp_path):
    path = make_tiny(tmp_path / "tiny.db")
    _text, turns = tiny_text()
    t2 = turns[1]
    r = CliRunner().invoke(cli_app, ["code", "1", "--span", f"{t2.start}:{t2.end}", "--theme", "School",
                                     "--db", str(path)])
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"Error: span {t2.start}:{t2.end} includes the speaker label "
                                f"'Participant:' of turn 2; a passage starts after it (at "
                                f"{t2.start + len('Participant: ')})")


def test_a_span_already_stored_with_its_label_is_kept_and_can_be_coded(tiny):
    """Merged and imported spans are other people's data: kept exactly, and
    coding one of them again is not coding a new span."""
    text, turns = tiny_text()
    t2 = turns[1]
    eid = tiny.interchange_excerpt(1, t2.start, t2.end)  # as a merge or a REFI-QDA import adds it
    assert tiny.excerpt(eid).text == text[t2.start:t2.end]
    made = tiny.code(1, t2.start, t2.end, ["School"], "x")
    assert [c.excerpt_id for c in made] == [eid]
    assert tiny.undo("x", source=1) and tiny.redo("x", source=1)  # the history brings it back as it was
    assert tiny.q1("SELECT count(*) FROM codings WHERE excerpt_id = ?", [eid]) == 1


def test_clip_keeps_the_turn_where_the_selection_starts():
    text, turns = tiny_text()
    t2, t3 = turns[1], turns[2]
    assert clip_to_turn(text, turns, t2.start, t3.end) == (t2.start + len("Participant: "), t2.end)
    assert clip_to_turn(text, turns, t2.end, t3.start + 3) is None  # blank lines and a label only
    assert clip_to_turn(text, (), 0, 5) == (0, 5)


def test_sources_without_turns_take_any_span(tiny):
    src = tiny.add_source("VoS-AL-03", "Notes", ParsedSource("Free notes, no speakers.\n", ()))
    assert len(tiny.code(src.id, 0, 10, ["School"], "x")) == 1


def test_undo_per_source_and_project_wide_name_the_change(tiny):
    _text, turns = tiny_text()
    other = tiny.add_source("VoS-AL-02", "Second", ParsedSource("Participant: Other words.\n", ()))
    a = turns[1].start + len("Participant: ")
    tiny.code(1, a, a + 8, ["Helpline", "School"], "ana")
    tiny.code(other.id, 13, 18, ["School"], "ana")
    done = tiny.undo("ana", source=1)
    assert done["description"] == f"removed Helpline, School from {a}:{a + 8} in VoS-AL-01"
    assert tiny.q1("SELECT count(*) FROM codings") == 1  # VoS-AL-02's coding is still there
    assert tiny.undo("ana", source=1) is None
    assert tiny.redo("ana", source=1)["description"] == \
        f"coded {a}:{a + 8} in VoS-AL-01 with Helpline, School"
    # the CLI walks the whole project: the newest action first, wherever it was
    result = CliRunner().invoke(cli_app, ["undo", "--coder", "ana", "--db", str(tiny.path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "undid: removed School from 13:18 in VoS-AL-02"
    result = CliRunner().invoke(cli_app, ["undo", "--coder", "ana", "--db", str(tiny.path)])
    assert result.output.strip() == f"undid: removed Helpline, School from {a}:{a + 8} in VoS-AL-01"
    result = CliRunner().invoke(cli_app, ["redo", "--coder", "ana", "--db", str(tiny.path)])
    assert result.output.strip() == f"redid: coded {a}:{a + 8} in VoS-AL-01 with Helpline, School"


def test_a_new_action_ends_the_redo_chain_only_in_its_own_source(tiny):
    _text, turns = tiny_text()
    other = tiny.add_source("VoS-AL-02", "Second", ParsedSource("Participant: Other words.\n", ()))
    a = turns[1].start + len("Participant: ")
    tiny.code(other.id, 13, 18, ["School"], "ana")
    tiny.undo("ana", source=other.id)
    tiny.code(1, a, a + 8, ["Helpline"], "ana")  # a new action in VoS-AL-01
    assert tiny.redo("ana", source=other.id)["description"] == "coded 13:18 in VoS-AL-02 with School"
