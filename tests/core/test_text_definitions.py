"""Text normalisation, hashing and search checked against their definitions
(each test catches a planted fault the older tests missed: tests/MUTATION.md)."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.text import (
    LineIndex,
    content_hash,
    find_folded,
    find_span,
    normalise,
    squash,
)


def test_normalise_keeps_a_leading_x_of_an_albanian_name():
    assert normalise("\ufeffXhevat spoke first.") == "Xhevat spoke first.\n"
    assert normalise("XXL") == "XXL\n"


def test_normalise_of_blank_text_is_empty():
    assert normalise("  \r\n\t\n") == ""


@given(st.text(alphabet=st.sampled_from("ab ë\u0308\t\n\r\ufeff\u00a0\u2028"), max_size=12))
def test_normalise_against_its_definition(raw):
    """No BOM, LF line endings, NFC, trailing whitespace of the text cut to
    one line feed (none for blank text); the shortcut for text that already
    ends in one line feed gives the same."""
    import unicodedata

    text = unicodedata.normalize("NFC", raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    assert normalise(raw) == (text.rstrip() + "\n" if text.strip() else "")


def test_content_hash_is_the_sha256_of_the_utf8_text():
    text = "Lushnjë, 2019"
    assert content_hash(text) == hashlib.sha256("Lushnjë, 2019".encode()).hexdigest()
    assert content_hash(text) != content_hash(text + " ")


def test_squash_folds_runs_of_whitespace_to_one_space():
    assert squash("  one\n\ttwo   three \n") == "one two three"


@given(st.text(alphabet="ab", max_size=12), st.text(alphabet="ab", min_size=1, max_size=3))
def test_find_span_finds_every_exact_occurrence_in_order(text, needle):
    expected = [(i, i + len(needle)) for i in range(len(text)) if text.startswith(needle, i)]
    if expected:
        assert find_span(text, needle) == expected


def test_find_span_lists_three_occurrences():
    assert find_span("no, no and no", "no") == [(0, 2), (4, 6), (11, 13)]


def test_line_index_of_blank_lines():
    index = LineIndex.of("a\n\n\nb")
    assert index.starts == (0, 2, 3, 4)
    assert index.offset(99, 0) == 4
    assert index.offset(-3, 5) == 1


def test_find_folded_ignores_empty_matches():
    assert find_folded("ëa", re.compile("x*")) == []
    assert find_folded("Shkodër", re.compile("shkoder")) == [(0, 7)]
