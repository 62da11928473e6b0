"""The store's coding path, what its checks tell a coder: a passage kept with
the checksum `vos-coder doctor` reads it back by, the passage rule at the
edges of a turn and for a speaker label of two words, the same rule in a
batch file, the quote numbering of a hand-edited project, and the names of
what is not there. Every text is invented for the test."""

from __future__ import annotations

import zlib

import pytest

from tests.store.test_coding_path import turns_of
from vos_coder.core.batch import CodingRow
from vos_coder.core.model import ParsedSource
from vos_coder.errors import InvalidInput, NotFound

# Accented words before the passages: offsets are code points, not bytes.
TALK = ("Case worker: Çfarë bëri shkolla? Did the school know?\n\n"
        "VoS-AL-05: Jo, askush. Nobody knew, not at first.\n\n"
        "Case worker: And later?\n\n"
        "VoS-AL-05: Later my cousin told the teacher.\n")
ANSWER = "Only when she asked me twice.\n"


@pytest.fixture
def p(project):
    for name in ("Help", "Silence"):
        project.add_theme(name)
    project.add_source("VoS-AL-05", "Talk five", ParsedSource(TALK, turns_of(TALK)))
    project.add_source("VoS-AL-90", "Q4", ParsedSource(ANSWER, (), "survey answer"))
    return project


def _at(words: str) -> tuple[int, int]:
    a = TALK.index(words)
    return a, a + len(words)


def test_passages_coded_every_way_read_back_as_they_were_coded(p):
    """The checksum written with each passage is the one `vos-coder doctor`
    checks the passage against: a passage coded alone (in the middle of the
    text, after accented words, or a whole survey answer to its very end), in
    bulk, or stored by an import all read back as coded."""
    sid, answer = p.source("Talk five").id, p.source("Q4").id
    spans = [_at("Did the school know?"), _at("Nobody knew, not at first."), _at("askush"),
             _at("Later my cousin told the teacher.")]
    for a, b in spans:
        assert len(p.code(sid, a, b, "Help", "ana")) == 1
    assert len(p.code(answer, 0, len(ANSWER), "Help", "ana")) == 1  # to the text's end
    assert p.q1("SELECT checksum FROM excerpts WHERE source_id = ?", [answer]) == zlib.crc32(
        ANSWER.encode("utf-8"))
    assert p.code_many([(sid, *_at("And later?"), "Silence", "imp")]) == 1
    p.interchange_excerpt(sid, *_at("Jo, askush."))
    stored = {(r["start"], r["end"]): r["checksum"] for r in p.q(
        'SELECT start, "end", checksum FROM excerpts WHERE source_id = ?', [sid])}
    assert stored == {(a, b): zlib.crc32(TALK[a:b].encode("utf-8"))
                      for a, b in spans + [_at("And later?"), _at("Jo, askush.")]}
    assert p.excerpt_text_problems() == []


def test_an_empty_stored_next_number_numbers_a_coding_from_one(p):
    """A project whose next quote number was left empty (a hand-edited file)
    numbers the next passage coded 1, like a new project."""
    p.set_setting("next_quote_number", "")
    a, b = _at("Nobody knew")
    p.code("Talk five", a, b, "Help", "ana")
    assert p.q1("SELECT number FROM quotes") == 1
    assert p.setting("next_quote_number") == "2"


def test_a_speaker_label_of_two_words_is_not_part_of_a_passage(p):
    sid = p.source("Talk five").id
    a, b = _at("Case worker: Çfarë bëri shkolla?")
    with pytest.raises(InvalidInput) as e:
        p.code(sid, a, b, "Help", "ana")
    assert str(e.value) == (f"span {a}:{b} includes the speaker label 'Case worker:' of turn 1; "
                            f"a passage starts after it (at {a + 13})")
    a, b = _at("Case worker: And later?")
    with pytest.raises(InvalidInput, match="includes the speaker label 'Case worker:' of turn 3"):
        p.code(sid, a, b, "Help", "ana")
    assert len(p.code(sid, a + 13, b, "Help", "ana")) == 1


def test_a_span_one_character_over_a_turns_edge_is_refused_as_two_turns(p):
    sid = p.source("Talk five").id
    a, _ = _at("Nobody knew")
    b = TALK.index("Case worker: And") + 1  # the first character of the next turn
    with pytest.raises(InvalidInput) as e:
        p.code(sid, a, b, "Help", "ana")
    assert str(e.value) == (f"span {a}:{b} runs over 2 speaker turns; a passage stays inside one "
                            "turn (code each turn's part on its own)")
    a = TALK.index("know?") + 4  # the last character of turn 1
    _, b = _at("VoS-AL-05: Jo")
    with pytest.raises(InvalidInput) as e:
        p.code(sid, a, b, "Help", "ana")
    assert str(e.value) == (f"span {a}:{b} runs over 2 speaker turns; a passage stays inside one "
                            "turn (code each turn's part on its own)")
    assert p.q1("SELECT count(*) FROM excerpts") == 0


def test_a_batch_keeps_the_passage_rule_for_new_spans_only(p):
    """`vos-coder code --from FILE`: a row whose span is new and holds a
    speaker label is refused by its line; the same kind of span an import
    already stored is the import's data and is planned like any other."""
    sid = p.source("Talk five").id
    label_a, label_b = _at("Case worker: And later?")
    p.interchange_excerpt(sid, label_a, label_b)
    new_a, new_b = _at("VoS-AL-05: Later my cousin")
    ok_a, ok_b = _at("Nobody knew")
    rows = [CodingRow(2, "Talk five", new_a, new_b, None, ("Help",)),
            CodingRow(3, "Talk five", label_a, label_b, None, ("Help",)),
            CodingRow(4, "Talk five", ok_a, ok_b, None, ("Silence",))]
    plan, bad = p.plan_codings(rows, "ana")
    why = (f"span {new_a}:{new_b} includes the speaker label 'VoS-AL-05:' of turn 4; "
           f"a passage starts after it (at {new_a + 11})")
    assert bad == [(2, why)]
    help_id, silence = p.theme("Help").id, p.theme("Silence").id
    assert plan.codings == ((sid, label_a, label_b, help_id, "ana"), (sid, ok_a, ok_b, silence, "ana"))


def test_what_is_not_there_is_named_in_the_message(p):
    with pytest.raises(NotFound) as e:
        p.excerpt(999)
    assert str(e.value) == "no excerpt named '999'"
    with pytest.raises(NotFound) as e:
        p.uncode([998], "ana")
    assert str(e.value) == "no coding named '998'"
    with pytest.raises(NotFound) as e:
        p.interchange_excerpt(997, 0, 1)
    assert str(e.value) == "no source named '997'"
    assert p.q1("SELECT count(*) FROM excerpts") == 0
