"""Span functions checked against their definitions (brute force over code
points) and against the reading a researcher relies on when one key selects a
sentence. Written so that a flipped comparison or an off-by-one in
core/spans.py fails here (see tests/MUTATION.md)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.spans import (
    keys_by_row,
    next_start,
    partition,
    pieces_by_row,
    previous_start,
    sentence_at,
    union_spans,
    word_end,
)
from vos_coder.core.text import LineIndex

spans_st = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from("edcba")), max_size=10)
text_st = st.text(alphabet="ab ëç\n", max_size=40)


def _first_appearance(spans):
    order: list[str] = []
    for s, e, k in spans:
        if e > s and k not in order:
            order.append(k)
    return order


@given(spans_st)
def test_partition_lists_keys_in_order_of_first_nonempty_span(spans):
    order = _first_appearance(spans)
    for piece in partition(spans):
        assert list(piece.keys) == [k for k in order if k in piece.keys]


def test_partition_order_is_first_appearance_not_alphabetical():
    # "b" is coded first, so it is named first in the margin and the legend.
    assert partition([(0, 10, "b"), (0, 10, "a")])[0].keys == ("b", "a")
    # An empty span does not decide the order.
    assert partition([(3, 3, "a"), (0, 10, "b"), (0, 10, "a")])[0].keys == ("b", "a")


@given(text_st, spans_st)
def test_pieces_by_row_cover_every_coded_character_and_nothing_else(text, spans):
    """Every coded character that is not a line break is shown on its row,
    exactly once, with the keys that cover it; no empty parts."""
    index = LineIndex.of(text)
    spans = [(min(s, len(text)), min(e, len(text)), k) for s, e, k in spans]
    rows = pieces_by_row(partition(spans), index)
    shown: dict[int, tuple] = {}
    for row, parts in rows.items():
        for a, b, keys in parts:
            assert b > a, "no empty parts"
            for col in range(a, b):
                offset = index.offset(row, col)
                assert offset not in shown
                shown[offset] = keys
    expected = {i for i in range(len(text))
                if text[i] != "\n" and any(s <= i < e for s, e, _k in spans)}
    assert set(shown) == expected
    for offset, keys in shown.items():
        assert set(keys) == {k for s, e, k in spans if s <= offset < e}


@given(text_st, spans_st)
def test_keys_by_row_names_each_key_touching_a_row_once_in_order(text, spans):
    index = LineIndex.of(text)
    spans = [(min(s, len(text)), min(e, len(text)), k) for s, e, k in spans]
    pieces = partition(spans)
    by_row = pieces_by_row(pieces, index)
    got = keys_by_row(pieces, index)
    assert set(got) == set(by_row)
    for row, parts in by_row.items():
        expected: list = []
        for _a, _b, keys in parts:
            expected += [k for k in keys if k not in expected]
        assert list(got[row]) == expected


def test_a_passage_over_three_lines_is_shown_on_all_three():
    text = "first line\nsecond line\nthird line"
    index = LineIndex.of(text)
    rows = pieces_by_row(partition([(6, 28, "T")]), index)
    assert rows == {0: [(6, 10, ("T",))], 1: [(0, 11, ("T",))], 2: [(0, 5, ("T",))]}


@given(st.lists(st.integers(0, 30), unique=True).map(sorted), st.integers(-2, 32))
def test_next_and_previous_start_match_their_definition(starts, offset):
    after = [s for s in starts if s > offset]
    before = [s for s in starts if s < offset]
    assert next_start(starts, offset) == (after[0] if after else None)
    assert previous_start(starts, offset) == (before[-1] if before else None)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted), max_size=8))
def test_union_spans_is_the_set_union_with_touching_spans_joined(spans):
    spans = [tuple(s) for s in spans if s[1] > s[0]]
    union = union_spans(spans)
    points = {i for a, b in spans for i in range(a, b)}
    assert {i for a, b in union for i in range(a, b)} == points
    for (a1, b1), (a2, b2) in itertools.pairwise(union):
        assert b1 < a2, "touching or overlapping spans are merged"


def test_touching_codings_merge_into_one_stretch():
    assert union_spans([(0, 5), (5, 8)]) == [(0, 8)]


def test_word_end_past_the_last_word_is_the_end_of_the_text():
    assert word_end("It ended.  ", 9) == 11
    assert word_end("", 0) == 0


SENTENCES = [
    # (text, offset, the sentence a researcher expects)
    ("Interviewer: no mark here\nParticipant: I waited. Then I spoke.", 40,
     "Participant: I waited."),
    ("one\ntwo\nthree was last.", 10, "three was last."),
    ("one two\nthree\nfour.", 2, "one two"),
    ("no end mark at all", 4, "no end mark at all"),
    ("Hello there \nNext line.", 2, "Hello there"),
    ("Hello there   \nNext line.", 2, "Hello there"),
    ("!Yes, that.", 0, "!Yes, that."),
    ("First. Second one.", 0, "First."),
    # A fragment that opens with an ellipsis: the ellipsis closes a sentence not shown.
    ("\u2026 I left. Then I came back.", 3, "I left."),
]


def test_sentence_at_selects_what_the_reader_sees_as_the_sentence():
    for text, offset, expected in SENTENCES:
        s, e = sentence_at(text, offset)
        assert text[s:e] == expected, (text, offset)


def test_sentence_at_on_a_blank_or_white_line_is_empty_and_in_place():
    text = "A line.\n\nB line."
    assert sentence_at(text, 8) == (8, 8)
    text = "A line.\n   \nB line."
    s, e = sentence_at(text, 9)
    assert s == e and 8 <= s <= 11
    assert sentence_at("a.\n\n b", 3) == (3, 3)


@given(st.text(alphabet="ab .?\n", max_size=30), st.integers(0, 31))
def test_sentence_at_stays_on_the_line_and_is_trimmed(text, offset):
    s, e = sentence_at(text, offset)
    assert 0 <= s <= e <= len(text)
    assert "\n" not in text[s:e]
    if e > s:
        assert not text[s].isspace() and not text[e - 1].isspace()
