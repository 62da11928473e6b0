"""The transcript's margin: which themes are named on which screen row.

A line of the transcript (a speaker turn) takes one screen row per wrap
section. Each theme is named beside the rows it marks: at the first row
where its coding shows, or the next free row below while it still marks
that row. When a line has more themes than rows (a one-line turn with three
themes), rows name several themes each, abbreviated side by side; no theme
is ever left out. A label too long for the margin ends in "…"; the wide
margin (a key on the coding screen) shows whole names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence

from rich.segment import Segment
from rich.style import Style

Part = tuple[int, int, tuple]  # (start column, end column, theme keys) in one line


def spans_of(parts: Sequence[Part], offsets: Sequence[int]) -> dict[object, tuple[int, int]]:
    """theme key -> (first, last) wrap section its codings show in, in order
    of first appearance; ``offsets`` are the columns where sections 1.. start."""
    out: dict[object, tuple[int, int]] = {}
    for a, b, keys in parts:
        s0 = bisect_right(offsets, a)
        s1 = bisect_right(offsets, max(a, b - 1))
        for k in keys:
            first, last = out.get(k, (s0, s1))
            out[k] = (min(first, s0), max(last, s1))
    return dict(sorted(out.items(), key=lambda kv: kv[1][0]))


def place(spans: Mapping[object, tuple[int, int]], rows: int) -> list[list[object]]:
    """row -> the theme keys named on it. With no more themes than rows,
    one per row, each at its first row or the nearest free one below (moved
    up only when the rows run out at the bottom); with more, several per
    row, in order, spread over every row."""
    keys = list(spans)
    slots: list[list[object]] = [[] for _ in range(max(rows, 1))]
    if not keys:
        return slots
    if len(keys) > len(slots):
        n = len(slots)
        for i, k in enumerate(keys):
            slots[i * n // len(keys)].append(k)
        return slots
    pos: list[int] = []
    for k in keys:  # forward: at the first row, or below the one before
        pos.append(max(spans[k][0], pos[-1] + 1 if pos else 0))
    limit = len(slots) - 1
    for i in range(len(pos) - 1, -1, -1):  # backward: inside the rows there are
        pos[i] = min(pos[i], limit)
        limit = pos[i] - 1
    for k, p in zip(keys, pos):
        slots[p].append(k)
    return slots


def _fit(text: str, width: int) -> str:
    if width <= 1:
        return text[:width]  # a single cell: the initial
    return text if len(text) <= width else text[: width - 1] + "…"


def shares(needs: Sequence[int], room: int) -> list[int]:
    """Cells for each of several labels side by side: what each needs when
    all fit, else a fair share each (a short label gives what it leaves to
    the others)."""
    out = [0] * len(needs)
    left = sorted(range(len(needs)), key=lambda i: needs[i])
    while left:
        fair = room // len(left)
        i = left.pop(0)
        out[i] = min(needs[i], fair)
        room -= out[i]
    return out


def render(keys: Sequence[object], legend: Callable[[object], tuple[str, str]], width: int) -> list[Segment]:
    """The margin cells of one row (``width`` wide, the last cell blank):
    each theme as a coloured bar and its label, side by side when several."""
    if not keys:
        return [Segment(" " * width, Style())]
    labels = [legend(k) for k in keys]
    cells = shares([len(label) + 1 for label, _c in labels], width - 1)
    segments: list[Segment] = []
    for (label, colour), n in zip(labels, cells):
        if n <= 0:
            continue
        style = Style(color=colour)
        segments.append(Segment("▌", style))
        segments.append(Segment(f"{_fit(label, n - 1):<{n - 1}}", style))
    segments.append(Segment(" " * (width - sum(cells)), Style()))
    return segments
