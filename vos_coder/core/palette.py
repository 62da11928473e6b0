"""The colours the workbench shows themes in.

A theme's stored colour is a wish; what is shown comes from COLOURS, colours
of the xterm 256-colour cube (so a 256-colour terminal shows exactly what a
truecolor one shows) that are at least MIN_DELTA_E (CIEDE2000) apart from one
another and from the plain text. ``assign`` gives every theme one of them so
that two sibling themes, and two themes that mark overlapping passages, never
share one: each theme takes the free colour nearest its stored one, in
codebook order. Chosen by tools/make_palette.py; tests/core/test_palette.py
measures the distances (truecolor and after 256-colour quantisation).

A passage with two or more themes is never marked in one colour: its words
take the themes' colours in turn (``stripes``), so each theme shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from vos_coder.core.model import Theme

MIN_DELTA_E = 18.0  # CIEDE2000, between any two COLOURS and from the plain text
#: Text colours, by hue.
COLOURS: tuple[str, ...] = (
    "#ffafaf",
    "#d75f5f",
    "#ff5f00",
    "#ffaf5f",
    "#af8700",
    "#ffd700",
    "#00af00",
    "#00ff00",
    "#87af87",
    "#00afaf",
    "#87d7ff",
    "#0087ff",
    "#afafff",
    "#af5fff",
    "#af87af",
    "#ff00af",
)
#: The same for a light theme (textual-light): darker colours, L* 25-55.
COLOURS_LIGHT: tuple[str, ...] = (
    "#af5f5f",
    "#af0000",
    "#af5f00",
    "#5f5f00",
    "#008700",
    "#008787",
    "#005f87",
    "#5f5fff",
    "#5f00af",
    "#875f87",
    "#d700d7",
    "#87005f",
)


def _rgb(hex_colour: str) -> tuple[int, int, int] | None:
    h = hex_colour.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    try:
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    except ValueError:
        return None


def nearness(wish: str, colour: str) -> float:
    """How far ``colour`` is from the wished one, for ordering only: the
    "redmean" weighted RGB distance (the guarantee is COLOURS' spacing)."""
    a, b = _rgb(wish), _rgb(colour)
    if a is None or b is None:
        return 0.0
    r = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return ((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db) ** 0.5


def neighbours(themes: Sequence[Theme], overlaps: Iterable[tuple[int, int]] = ()) -> dict[int, set[int]]:
    """theme id -> the themes it must not share a colour with: its siblings
    (same parent; top-level themes are siblings too) and the themes it
    overlaps on some passage."""
    out: dict[int, set[int]] = {t.id: set() for t in themes}
    by_parent: dict[int | None, list[int]] = {}
    for t in themes:
        by_parent.setdefault(t.parent_id, []).append(t.id)
    for ids in by_parent.values():
        for i in ids:
            out[i].update(j for j in ids if j != i)
    for a, b in overlaps:
        if a != b and a in out and b in out:
            out[a].add(b)
            out[b].add(a)
    return out


def assign(themes: Sequence[Theme], overlaps: Iterable[tuple[int, int]] = (),
           light: bool = False, keep: Mapping[int, str] | None = None) -> dict[int, str]:
    """theme id -> the colour to show it in. In codebook order each theme
    takes, of the colours no neighbour has yet, the one nearest its stored
    colour (the first of COLOURS when it has none). With more neighbours than
    colours (over 15 siblings, or a theme overlapping 16 others that all
    clash), it takes the colour its neighbours use least. ``light``: the
    palette for a light theme. ``keep``: colours shown now, kept wherever no
    neighbour before it in codebook order has the same (so colours move only
    when a new overlap forces one, and only that theme's)."""
    near = neighbours(themes, overlaps)
    shown: dict[int, str] = {}
    palette = list(COLOURS_LIGHT if light else COLOURS)
    for t in themes:
        taken = [shown[n] for n in near[t.id] if n in shown]
        now = (keep or {}).get(t.id)
        if now in palette and now not in taken:
            shown[t.id] = now
            continue
        if keep:  # moving: also clear of the colours later neighbours keep
            taken += [keep[n] for n in near[t.id] if n not in shown and n in keep]
        wish = t.colour or palette[0]
        free = [c for c in palette if c not in taken]
        pool = free or sorted(palette, key=taken.count)[: 1]
        shown[t.id] = min(pool, key=lambda c: nearness(wish, c))
    return shown


def overlap_pairs(spans: Iterable[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Pairs of themes whose codings overlap, from (start, end, theme id)."""
    pairs: set[tuple[int, int]] = set()
    active: list[tuple[int, int]] = []  # (end, theme) of spans still open
    for start, end, theme in sorted(spans):
        active = [(e, k) for e, k in active if e > start]
        pairs.update((min(k, theme), max(k, theme)) for _e, k in active if k != theme)
        active.append((end, theme))
    return pairs



_WORD = re.compile(r"\S+\s*")


def stripes(line: str, start: int, end: int, n: int) -> list[tuple[int, int, int]]:
    """``line[start:end]``, marked by ``n`` themes, cut into (a, b, i) pieces
    where piece i is shown in theme i's colour: word by word in turn (a word
    keeps the spaces after it); a stretch of fewer words than themes is cut
    into ``n`` near-equal parts instead, so every theme shows."""
    if n <= 1 or end - start < 2:
        return [(start, end, 0)] if end > start else []
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(line[start:end])]
    if words and words[0][0] > start:  # leading spaces go with the first word
        words[0] = (start, words[0][1])
    if len(words) < n:
        k = min(n, end - start)
        cuts = [start + (end - start) * i // k for i in range(k + 1)]
        return [(cuts[i], cuts[i + 1], i) for i in range(k)]
    return [(a, b, i % n) for i, (a, b) in enumerate(words)]
