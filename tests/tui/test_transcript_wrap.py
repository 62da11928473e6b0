"""The transcript's fast wrapping gives exactly Textual's own offsets."""

from __future__ import annotations

import random

import pytest
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument

from vos_coder.tui.widgets.transcript_view import _FastWrap

WORDS = ["school", "helpline", "shkollë", "çfarë", "長い言葉", "🙂", "a\tb", "x" * 70,
         "  ", "counsellor,", "[helpline]", "—", "שלום", "مرحبا", "!"]


PLAIN = ["school", "helpline", "shkollë", "counsellor,", "a", "x" * 30, "[helpline]", "—"]


def _text(seed: int) -> str:
    rng = random.Random(seed)
    words = WORDS if seed % 2 else PLAIN  # odd seeds: Textual's own path too; even: the fast path
    lines = []
    for _ in range(60):
        n = rng.randint(0, 40)
        lines.append(" ".join(rng.choice(words) for _ in range(n)) + rng.choice(["", " ", "  "]))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("width", [0, 1, 5, 17, 40, 81, 120])
def test_fast_wrap_matches_textual(seed, width):
    doc = Document(_text(seed))
    ours, theirs = _FastWrap(doc, width=width), WrappedDocument(doc, width=width)
    assert ours._wrap_offsets == theirs._wrap_offsets
    assert ours._offset_to_line_info == theirs._offset_to_line_info
    assert ours._line_index_to_offsets == theirs._line_index_to_offsets
    assert ours._tab_width_cache == theirs._tab_width_cache
    assert ours.height == theirs.height
