"""REFI-QDA positions (code points, end exclusive) onto NFC/LF stored text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.text import normalise
from vos_coder.refi.positions import PositionMap


def test_plain_nfc_lf_text_maps_to_itself():
    raw = "Një zë i qetë 😶 në mbrëmje.\nDy rreshta.\n"
    m = PositionMap(raw)
    assert m.text == raw
    start = raw.index("😶")
    assert m.span(start, start + 1) == (start, start + 1)  # an emoji is one code point


def test_crlf_positions_land_on_the_same_words():
    raw = "Rreshti një.\r\nRreshti dy me ë.\r\nRreshti tre.\r\n"
    m = PositionMap(raw)
    assert m.text == "Rreshti një.\nRreshti dy me ë.\nRreshti tre.\n"
    for word in ("Rreshti dy me ë.", "tre", "një.\r\nRreshti"):
        a = raw.index(word)
        s, e = m.span(a, a + len(word))
        assert m.text[s:e] == word.replace("\r\n", "\n")


def test_decomposed_accents_map_onto_composed_text():
    raw = unicodedata.normalize("NFD", "Lushnjë, Korçë dhe Shkodër janë qytete.")
    m = PositionMap(raw)
    assert m.text == normalise(raw)
    for word in ("Korçë", "Shkodër", "qytete"):
        nfd = unicodedata.normalize("NFD", word)
        a = raw.index(nfd)
        s, e = m.span(a, a + len(nfd))
        assert m.text[s:e] == word


def test_lone_cr_and_trailing_whitespace():
    raw = "Old Mac line\rnext line   \r\r"
    m = PositionMap(raw)
    assert m.text == "Old Mac line\nnext line\n"
    a = raw.index("next line")
    assert m.text[slice(*m.span(a, a + 9))] == "next line"
    assert m.offset(len(raw)) == len(m.text)  # past the stripped tail: clamped


WORDS = st.sampled_from(["zë", "Korçë", "niña", "😶", "corazón", "e\u0301", "word", "🙏🏽"])
SEPS = st.sampled_from([" ", "\r\n", "\n", "\r", "  ", "\t"])


@given(st.lists(st.tuples(WORDS, SEPS), min_size=1, max_size=30))
def test_every_word_of_any_text_maps_to_its_normalised_form(pieces):
    raw = "".join(w + s for w, s in pieces)
    m = PositionMap(raw)
    assert m.text == normalise(raw)
    pos = 0
    for word, sep in pieces:
        s, e = m.span(pos, pos + len(word))
        assert m.text[s:e] == unicodedata.normalize("NFC", word)
        pos += len(word) + len(sep)
