"""The filter syntax shared with `query`, widening hits, and context cut at word boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.context import context_around
from vos_coder.core.filters import Filter, parse_filter
from vos_coder.core.model import Turn
from vos_coder.core.widen import widen
from vos_coder.errors import InvalidInput


def test_filter_reads_query_options_and_describes_itself_back():
    f = parse_filter("-p VoS-AL-04 --participant VoS-AL-05 --group survivor "
                     "--where town_type=rural --where 'age=19' --coder amira --status Approved")
    assert f == Filter(("VoS-AL-04", "VoS-AL-05"), "survivor", (("town_type", "rural"), ("age", "19")),
                       "amira", "approved")
    assert parse_filter(f.describe()) == f
    assert parse_filter("--group=survivor").group == "survivor"
    assert parse_filter("").empty and parse_filter("   ").describe() == ""
    assert parse_filter("--where 'place=Two Rivers'").describe() == "--where 'place=Two Rivers'"


@pytest.mark.parametrize("bad, says", [
    ("--theme x", "is not an option"),
    ("survivor", "is not an option"),
    ("--group", "needs a value"),
    ("--where town_type", "ATTRIBUTE=VALUE"),
    ("--status maybe", "choose candidate, approved, excluded"),
    ("--group a --group b", "once"),
    ("-p 'VoS", "close the quote"),
])
def test_bad_filters_say_what_is_wrong(bad, says):
    with pytest.raises(InvalidInput, match=says):
        parse_filter(bad)


TEXT = "Interviewer: Where?\n\nParticipant: At school. We lit a lantern there. Then home.\n"
TURNS = (Turn(1, "Interviewer", 0, 19), Turn(2, "Participant", 21, len(TEXT) - 1))


def test_widen_to_sentence_and_turn_leaves_the_speaker_label_out():
    start = TEXT.index("lantern")
    end = start + len("lantern")
    assert widen(TEXT, start, end, "hit", TURNS) == (start, end)
    a, b = widen(TEXT, start, end, "sentence", TURNS)
    assert TEXT[a:b] == "We lit a lantern there."
    a, b = widen(TEXT, start, end, "turn", TURNS)
    assert TEXT[a:b] == "At school. We lit a lantern there. Then home."
    first = TEXT.index("At")
    a, b = widen(TEXT, first, first + 2, "sentence", TURNS)
    assert TEXT[a:b] == "At school."
    a, b = widen(TEXT, first, first + 2, "turn", ())  # no turns known: the sentence, as written
    assert TEXT[a:b] == "Participant: At school."


def test_context_is_cut_at_word_boundaries():
    text = "He was four years older than me and he knew it well, everybody did."
    start = text.index("knew")
    before, found, after = context_around(text, start, start + 4, 14)
    assert found == "knew"
    assert before == "…me and he "  # "than" was cut by the width: left out whole
    assert after == " it well,…"


@given(st.lists(st.sampled_from(["a", "bb", "ccc", "older", "years", "ë"]), min_size=1, max_size=40),
       st.data(), st.integers(1, 30))
def test_context_never_cuts_a_word(words, data, width):
    text = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 1))
    start = len(" ".join(words[:i])) + (1 if i else 0)
    end = start + len(words[i])
    before, found, after = context_around(text, start, end, width)
    assert found == words[i]
    shown_words = (before.strip("…") + found + after.strip("…")).split()
    assert all(w in words for w in shown_words)
    assert (before.strip("…") + found + after.strip("…")) in text
