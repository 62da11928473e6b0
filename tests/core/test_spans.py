"""The display partition of overlapping codings and the one-key selection ranges."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.spans import (
    Piece,
    covered,
    keys_by_row,
    next_start,
    partition,
    pieces_by_row,
    previous_start,
    sentence_at,
    word_end,
)
from vos_coder.core.text import LineIndex

spans_st = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from("abcde")), max_size=12)


def _cover(spans, i):
    return {k for s, e, k in spans if s <= i < e}


@given(spans_st)
def test_partition_covers_exactly_the_keys_at_every_point(spans):
    pieces = partition(spans)
    for p, q in pairwise(pieces):
        assert p.end <= q.start, "pieces are ordered and do not overlap"
        assert not (p.end == q.start and p.keys == q.keys), "equal neighbours are merged"
    for i in range(62):
        inside = [p for p in pieces if p.start <= i < p.end]
        expected = _cover(spans, i)
        if expected:
            assert len(inside) == 1 and set(inside[0].keys) == expected
        else:
            assert not inside


@given(spans_st)
def test_covered_counts_the_union(spans):
    plain = [(s, e) for s, e, _k in spans if e > s]
    assert covered(plain) == sum(1 for i in range(62) if _cover(spans, i))


def test_partition_of_overlap():
    assert partition([(0, 10, "A"), (5, 15, "B")]) == [
        Piece(0, 5, ("A",)), Piece(5, 10, ("A", "B")), Piece(10, 15, ("B",))]


@given(st.text(alphabet="ab ëç\n", max_size=40), spans_st)
def test_pieces_by_row_map_back_to_offsets(text, spans):
    index = LineIndex.of(text)
    spans = [(min(s, len(text)), min(e, len(text)), k) for s, e, k in spans]
    pieces = partition(spans)
    for row, parts in pieces_by_row(pieces, index).items():
        for a, b, keys in parts:
            start, end = index.offset(row, a), index.offset(row, b)
            assert "\n" not in text[start:end]
            for i in range(start, end):
                assert set(keys) == _cover(spans, i)
    rows = keys_by_row(pieces, index)
    for row, keys in rows.items():
        assert len(set(keys)) == len(keys)


def test_word_and_sentence():
    text = "Ëmira said: we waited. Then çka? Nothing happened.\nNext line here."
    assert word_end(text, 0) == 5
    assert text[word_end(text, 5) - 4:word_end(text, 5)] == "said"
    s, e = sentence_at(text, 25)
    assert text[s:e] == "Then çka?"
    s, e = sentence_at(text, 2)
    assert text[s:e] == "Ëmira said: we waited."
    s, e = sentence_at(text, len(text) - 3)
    assert text[s:e] == "Next line here."


def test_next_and_previous_start():
    starts = [5, 10, 20]
    assert next_start(starts, 5) == 10
    assert next_start(starts, 20) is None
    assert previous_start(starts, 10) == 5
    assert previous_start(starts, 5) is None
