"""Span arithmetic for display: a non-overlapping partition of overlapping
codings, per-line pieces, and the word / sentence / turn ranges the coding
screen selects with one key. Pure functions over code-point offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from vos_coder.core.text import LineIndex

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)|\n\s*\n")


@dataclass(frozen=True)
class Piece:
    """A stretch of text covered by exactly the same set of keys (themes)."""

    start: int
    end: int
    keys: tuple[Hashable, ...]


def partition(spans: Iterable[tuple[int, int, Hashable]]) -> list[Piece]:
    """Split possibly overlapping ``(start, end, key)`` spans into ordered,
    non-overlapping pieces; each piece lists the keys covering it (sorted by
    first appearance). Empty spans are ignored; adjacent pieces with the same
    keys are merged."""
    events: dict[int, list[tuple[int, Hashable]]] = {}
    order: dict[Hashable, int] = {}
    for start, end, key in spans:
        if end <= start:
            continue
        order.setdefault(key, len(order))
        events.setdefault(start, []).append((1, key))
        events.setdefault(end, []).append((-1, key))
    active: dict[Hashable, int] = {}
    out: list[Piece] = []
    points = sorted(events)
    for here, nxt in zip(points, points[1:] + [None]):
        for delta, key in events[here]:
            n = active.get(key, 0) + delta
            if n:
                active[key] = n
            else:
                active.pop(key, None)
        if nxt is None or not active:
            continue
        keys = tuple(sorted(active, key=order.__getitem__))
        if out and out[-1].end == here and out[-1].keys == keys:
            out[-1] = Piece(out[-1].start, nxt, keys)
        else:
            out.append(Piece(here, nxt, keys))
    return out


def pieces_by_row(pieces: Sequence[Piece], index: LineIndex) -> dict[int, list[tuple[int, int, tuple]]]:
    """Cut pieces at line breaks: row -> [(start column, end column, keys)],
    columns in code points. A piece's line break itself is not shown."""
    rows: dict[int, list[tuple[int, int, tuple]]] = {}
    for p in pieces:
        r0, c0 = index.location(p.start)
        r1, c1 = index.location(p.end)
        for row in range(r0, r1 + 1):
            a = c0 if row == r0 else 0
            b = c1 if row == r1 else len(index.line(row))
            if b > a:
                rows.setdefault(row, []).append((a, b, p.keys))
    return rows


def keys_by_row(pieces: Sequence[Piece], index: LineIndex) -> dict[int, tuple]:
    """row -> every key that touches that row, in order of first appearance."""
    out: dict[int, dict] = {}
    for row, parts in pieces_by_row(pieces, index).items():
        seen = out.setdefault(row, {})
        for _a, _b, keys in parts:
            for k in keys:
                seen.setdefault(k, None)
    return {row: tuple(keys) for row, keys in out.items()}


def word_end(text: str, offset: int) -> int:
    """The end of the word at or after ``offset`` (for extending a selection by a word)."""
    m = _WORD.search(text, offset)
    return m.end() if m else len(text)


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence holding ``offset``: from after the previous sentence end
    (or line break) to its own end mark, trimmed of surrounding spaces."""
    offset = max(0, min(offset, len(text)))
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, offset):
        start = m.end()
    line_start = text.rfind("\n", 0, offset) + 1
    start = max(start, line_start)
    m = _SENTENCE_END.search(text, offset)
    end = m.end() if m and not m.group().startswith("\n") else (m.start() if m else len(text))
    line_end = text.find("\n", offset)
    if line_end != -1:
        end = min(end, line_end)
    return trim_span(text, start, end)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def next_start(starts: Sequence[int], offset: int) -> int | None:
    """The first of sorted ``starts`` after ``offset``."""
    i = bisect_right(starts, offset)
    return starts[i] if i < len(starts) else None


def previous_start(starts: Sequence[int], offset: int) -> int | None:
    """The last of sorted ``starts`` before ``offset``."""
    i = bisect_right(starts, offset - 1)
    return starts[i - 1] if i > 0 else None


def union_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching ``(start, end)`` spans into sorted, disjoint ones."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def covered(spans: Iterable[tuple[int, int]]) -> int:
    """How many characters at least one span covers."""
    return sum(b - a for a, b in union_spans(spans))
