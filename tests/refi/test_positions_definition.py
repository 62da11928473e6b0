"""PositionMap checked against a brute-force walk of the raw text: the
normalised offset of raw position p is the length of the normalised text
before p (BOM skipped, a CRLF pair one line break, a bare CR a line break,
accents composed), clamped to the stored text. Kills the planted faults the
older tests missed (tests/MUTATION.md)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.core.text import normalise
from vos_coder.refi.positions import PositionMap


def brute_offset(raw: str, pos: int) -> int:
    text = normalise(raw)
    pos = max(0, min(pos, len(raw)))
    bom = len(raw) - len(raw.lstrip("\ufeff"))
    prefix = raw[bom:max(pos, bom)]
    if prefix.endswith("\r") and raw[pos:pos + 1] == "\n":
        prefix = prefix[:-1]  # between CR and LF: on the line break itself
    before = unicodedata.normalize("NFC", prefix.replace("\r\n", "\n").replace("\r", "\n"))
    return min(len(before), len(text))


pieces = st.sampled_from(["a", "b", " ", "\n", "\r\n", "\r", "e\u0301", "é", "😀", "ë", "\t"])
raw_st = st.tuples(st.sampled_from(["", "\ufeff"]), st.lists(pieces, max_size=14)).map(
    lambda t: t[0] + "".join(t[1]))


@settings(max_examples=300)
@given(raw_st)
def test_every_raw_position_maps_where_a_walk_of_the_text_says(raw):
    pm = PositionMap(raw)
    assert pm.text == normalise(raw)
    for pos in range(-2, len(raw) + 3):
        assert pm.offset(pos) == brute_offset(raw, pos), (raw, pos)


def test_a_bare_cr_is_a_line_break():
    pm = PositionMap("one\rtwo")
    assert pm.text == "one\ntwo\n"
    assert pm.span(4, 7) == (4, 7)
    assert pm.text[slice(*pm.span(4, 7))] == "two"


def test_a_bom_is_not_counted_as_text():
    pm = PositionMap("\ufeffone two")
    assert pm.text[slice(*pm.span(5, 8))] == "two"
    assert pm.offset(0) == 0 and pm.offset(1) == 0


def test_the_lf_of_a_crlf_pair_maps_to_the_line_break():
    pm = PositionMap("ab\r\ncd")
    assert [pm.offset(p) for p in range(7)] == [0, 1, 2, 2, 3, 4, 5]


def test_the_last_position_inside_a_decomposed_word():
    raw = "cafe\u0301 x"
    pm = PositionMap(raw)
    assert [pm.offset(p) for p in range(len(raw) + 1)] == [0, 1, 2, 3, 4, 4, 5, 6]


def test_positions_past_the_end_are_clamped_on_plain_text_too():
    pm = PositionMap("plain text")
    assert pm.offset(500) == 10  # the end of the raw text, before the added final newline
    assert pm.offset(-4) == 0
