"""Theme co-occurrence: pairs of themes found together on one passage, on
overlapping passages, or on passages within one speaker turn.

Counting never walks the pairs of passages. A passage touches a run of
consecutive speaker turns, so "shares a turn" is an overlap of intervals of
turn numbers (numbered across the whole project, so passages of different
sources never meet). For two themes x and y, the passages with y that meet a
passage with x are counted at once with two binary searches per passage in
the sorted interval ends of x (numpy), summed per participant; a passage
carrying both themes is taken off once where it was counted from both sides.
The only passages found together without sharing a turn overlap where no
turn is (a passage imported across a turn's edge, a source without turns):
one of them starts or ends outside every turn, so those few are compared
one by one. A source whose turns are not in order is counted pair by pair.
tests/analysis checks the counts against the plain definition.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

Key = tuple[int, int]  # codebook positions of two themes, the smaller first


@dataclass(frozen=True)
class Cooccurrence:
    """Two themes found together: in overlapping passages or one speaker turn."""

    theme_a: str
    theme_b: str
    passages: int  # pairs of passages (one passage coded with both counts once)
    participants: int

    def as_dict(self) -> dict[str, Any]:
        return {"theme_a": self.theme_a, "theme_b": self.theme_b, "passages": self.passages,
                "participants": self.participants}


def _key(x: int, y: int) -> Key:
    return (x, y) if x < y else (y, x)


def _pair_keys(a: Sequence[int], b: Sequence[int]) -> set[Key]:
    """The theme pairs two passages found together make."""
    return {_key(x, y) for x in a for y in b if x != y}


def _gaps(turns: Sequence[Any]) -> list[tuple[int, int]]:
    """The stretches of text in no turn: before, between and after them."""
    out, covered = [], 0
    for t in sorted(turns, key=lambda t: t.start):
        if t.start > covered:
            out.append((covered, t.start))
        covered = max(covered, t.end)
    out.append((covered, 1 << 62))
    return out


def source_counts(passages: Sequence[tuple[int, int, tuple[int, ...]]],
                  turns: Sequence[Any]) -> dict[Key, int]:
    """Per theme pair, the pairs of passages of one source found together
    (a passage with itself when it carries both). ``passages`` are
    ``(start, end, theme ranks)``; ``turns`` have ``start``/``end``."""
    rows = [(1, 0, i, s, e, r) for i, (s, e, ranks) in enumerate(passages) for r in ranks]
    return {k: int(v[0]) for k, v in count_pairs(rows, [(1, t.start, t.end) for t in turns], 1).items()}


def count_pairs(rows: Any,
                turns: Sequence[tuple[int, int, int]], people: int) -> dict[Key, Any]:
    """Per theme pair, per participant, the pairs of passages found together.
    ``rows``: one per coding (a sequence or an array of six columns),
    ``(source, participant 0..people-1, excerpt, start, end, theme rank)``; ``turns``: ``(source, start, end)`` in each
    source's turn order. Returns ``{(x, y): counts per participant}``."""
    import numpy as np

    out: dict[Key, Any] = {}

    def add(key: Key, per_person: Any) -> None:
        if key in out:
            out[key] = out[key] + per_person
        else:
            out[key] = per_person

    if not len(rows):
        return out
    r = np.asarray(rows, dtype=np.int64)
    t = np.asarray(turns, dtype=np.int64).reshape(-1, 3)
    # Sources whose turns are not in order (starts and ends both rising) are
    # counted pair by pair.
    same = t[1:, 0] == t[:-1, 0]
    bad = set(t[1:, 0][same & ((t[1:, 1] < t[:-1, 1]) | (t[1:, 2] < t[:-1, 2]))].tolist())
    if bad:
        slow = np.isin(r[:, 0], list(bad))
        _count_slowly(r[slow], t[np.isin(t[:, 0], list(bad))], people, add)
        r, t = r[~slow], t[~np.isin(t[:, 0], list(bad))]
        if not len(r):
            return out
    src, person, excerpt, start, end, theme = r.T
    big = np.int64(1) << 40
    first = np.searchsorted(t[:, 0] * big + t[:, 2], src * big + start, side="right")
    last = np.searchsorted(t[:, 0] * big + t[:, 1], src * big + end, side="left") - 1
    touch = first <= last
    # Theme sets of passages coded with several themes.
    order = np.lexsort((theme, excerpt))
    e_sorted = excerpt[order]
    multi = np.zeros(len(r), dtype=bool)
    multi[1:] |= e_sorted[1:] == e_sorted[:-1]
    multi[:-1] |= e_sorted[1:] == e_sorted[:-1]
    sets: dict[int, list[int]] = defaultdict(list)
    where: dict[int, int] = {}
    for i in order[multi].tolist():
        sets[int(excerpt[i])].append(int(theme[i]))
        where[int(excerpt[i])] = i
    both: dict[Key, list[int]] = defaultdict(list)  # rows standing for passages with both
    for e, ranks in sets.items():
        for pair in combinations(sorted(ranks), 2):
            both[pair].append(where[e])
    # Sharing a turn: turn-number intervals [first, last] that overlap.
    by_theme = {int(x): np.flatnonzero((theme == x) & touch) for x in np.unique(theme)}
    ends_of = {x: (np.sort(first[i]), np.sort(last[i])) for x, i in by_theme.items()}
    for x, y in combinations(sorted(by_theme), 2):
        fx, lx = ends_of[x]
        ys = by_theme[y]
        met = np.searchsorted(fx, last[ys], side="right") - np.searchsorted(lx, first[ys], side="left")
        counts = np.bincount(person[ys], weights=met, minlength=people).astype(np.float64)
        if (x, y) in both:
            b = np.asarray(both[(x, y)], dtype=np.int64)
            bt = b[touch[b]]
            fb, lb = np.sort(first[bt]), np.sort(last[bt])
            twice = np.searchsorted(fb, last[bt], side="right") - np.searchsorted(lb, first[bt], side="left")
            counts -= np.bincount(person[bt], weights=twice - 1, minlength=people) / 2
            apart = b[~touch[b]]  # a passage in no turn still pairs with itself
            counts += np.bincount(person[apart], minlength=people)
        if counts.any():
            add((x, y), counts)
    # Overlapping only where no turn is: the overlap lies in one gap between
    # turns (or before the first, after the last). Then one passage ends in
    # that gap and the other starts in it, or one lies wholly in it (touching
    # no turn) and the other reaches into it. Only those few are compared.
    starts_out = ~touch
    ends_out = ~touch
    starts_out[touch] = start[touch] < t[first[touch], 1]
    ends_out[touch] = end[touch] > t[last[touch], 2]
    loose = np.flatnonzero(starts_out | ends_out)
    if len(loose):
        _gap_pairs(r[loose], first[loose], last[loose], starts_out[loose], ends_out[loose],
                   r, first, last, touch, people, add)
    return out


def _gap_pairs(loose: Any, lfirst: Any, llast: Any, starts_out: Any, ends_out: Any,
               r: Any, first: Any, last: Any, touch: Any, people: int, add: Any) -> None:
    """Pairs of passages that overlap only in a gap between turns (so share
    no turn). ``loose``: the rows of passages starting or ending in a gap."""
    import numpy as np

    themes: dict[int, list[int]] = defaultdict(list)
    info: dict[int, tuple[int, int, int, int, int, int]] = {}  # excerpt -> src, person, start, end, first, last
    starters: dict[tuple[int, int], set[int]] = defaultdict(set)  # gap (source, turn after) -> excerpts
    enders: dict[tuple[int, int], set[int]] = defaultdict(set)
    inside: dict[tuple[int, int], set[int]] = defaultdict(set)
    for (src, person, e, s, end, x), f, la, so, eo in zip(loose.tolist(), lfirst.tolist(), llast.tolist(),
                                                         starts_out.tolist(), ends_out.tolist()):
        themes[e].append(x)
        if e in info:
            continue
        info[e] = (src, person, s, end, f, la)
        if so:
            starters[(src, f)].add(e)
        if eo:
            enders[(src, la + 1)].add(e)
        if f > la:
            inside[(src, f)].add(e)
    candidates: set[tuple[int, int]] = set()
    for gap, ends_here in enders.items():
        for a in ends_here:
            for b in starters.get(gap, ()):
                if a != b:
                    candidates.add((a, b) if a < b else (b, a))
    for (src, g), wholly in inside.items():
        # Passages reaching over the whole gap: touching turns on both sides.
        over = np.flatnonzero((r[:, 0] == src) & touch & (first < g) & (last >= g))
        for i in over.tolist():
            e = int(r[i, 2])
            if e not in info:
                info[e] = (src, int(r[i, 1]), int(r[i, 3]), int(r[i, 4]), int(first[i]), int(last[i]))
            if int(r[i, 5]) not in themes[e]:
                themes[e].append(int(r[i, 5]))
            for b in wholly:
                candidates.add((e, b) if e < b else (b, e))
    for a, b in candidates:
        _src, person, sa, ea, fa, la = info[a]
        _src, _p, sb, eb, fb, lb = info[b]
        if sa < eb and sb < ea and (fa > la or fb > lb or la < fb or lb < fa):
            per_person = np.zeros(people)
            per_person[person] = 1
            for key in _pair_keys(themes[a], themes[b]):
                add(key, per_person)


def _count_slowly(r: Any, t: Any, people: int, add: Any) -> None:
    """Sources whose turns are out of order: candidate pairs checked one by one."""
    import numpy as np

    for source in np.unique(r[:, 0]).tolist():
        mine = r[r[:, 0] == source]
        themes: dict[int, list[int]] = defaultdict(list)
        spans: dict[int, tuple[int, int]] = {}
        for _s, _p, e, s, end, x in mine.tolist():
            themes[e].append(x)
            spans[e] = (s, end)
        passages = [(s, end, tuple(sorted(themes[e]))) for e, (s, end) in spans.items()]
        counts: dict[Key, int] = defaultdict(int)
        for _s, _e, ranks in passages:
            for pair in combinations(ranks, 2):
                counts[pair] += 1
        turns = [_Turn(a, b, k) for k, (_src, a, b) in enumerate(t[t[:, 0] == source].tolist())]
        _pairs_one_by_one(passages, turns, counts)
        person = int(mine[0, 1])
        for key, n in counts.items():
            if n:
                add(key, np.bincount([person], minlength=people).astype(float) * n)


def _pairs_one_by_one(passages: Sequence[tuple[int, int, tuple[int, ...]]], turns: Sequence[Any],
                      counts: dict[Key, int]) -> None:
    """The distinct pairs from ``_together`` (turns in no usable order)."""
    items = [_Span(s, e, i) for i, (s, e, _r) in enumerate(passages)]
    ordered = sorted(turns, key=lambda t: t.start)
    for a, b in _together(items, ordered):
        if a is not b:
            for key in _pair_keys(passages[a.i][2], passages[b.i][2]):
                counts[key] += 1


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    i: int


@dataclass(frozen=True)
class _Turn:
    start: int
    end: int
    n: int


def _together(passages: Sequence[Any], turns: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
    """Each passage with itself, and every pair of passages of one source that
    overlap or share a speaker turn. A sweep over intervals widened to their
    whole turns finds the candidates (no all-pairs loop); each candidate is
    then checked exactly."""
    starts = [t.start for t in turns]
    spans = []
    for p in passages:
        touched, lo, hi = set(), p.start, p.end
        i = max(bisect_right(starts, p.start) - 1, 0)
        while i < len(turns) and turns[i].start < p.end:
            t = turns[i]
            if t.end > p.start:
                touched.add(t.n)
                lo, hi = min(lo, t.start), max(hi, t.end)
            i += 1
        spans.append((lo, hi, p, touched))
    spans.sort(key=lambda s: (s[0], s[1]))
    active: list[tuple[int, int, Any, set[int]]] = []
    for lo, hi, b, tb in spans:
        yield b, b
        active = [a for a in active if a[1] > lo]
        for _lo, _hi, a, ta in active:
            if (a.start < b.end and b.start < a.end) or ta & tb:
                yield a, b
        active.append((lo, hi, b, tb))


def cooccurrence(project: Any, group: str | None = None, min_count: int = 1) -> list[Cooccurrence]:
    """Pairs of themes (as coded) that occur together: on the same passage, on
    overlapping passages, or on passages within one speaker turn. ``passages``
    counts the pairs of passages, ``participants`` the people they come from.
    Pairs with fewer than ``min_count`` passages are left out."""
    codebook = project.themes()
    rank = {t.id: i for i, t in enumerate(codebook)}
    paths = [t.path for t in codebook]
    rows, turns = project.coded_rows(group)
    if not rows:
        return []
    import numpy as np

    r = np.asarray(rows, dtype=np.int64)
    people, r[:, 1] = np.unique(r[:, 1], return_inverse=True)
    to_rank = np.zeros(max(rank) + 1, dtype=np.int64)
    to_rank[list(rank)] = list(rank.values())
    r[:, 5] = to_rank[r[:, 5]]
    out = []
    for (x, y), per_person in count_pairs(r, turns, len(people)).items():
        n = round(float(per_person.sum()))
        if n >= max(1, min_count):
            out.append(Cooccurrence(paths[x], paths[y], n, int((per_person > 0.5).sum())))
    order = {path: i for i, path in enumerate(paths)}
    out.sort(key=lambda c: (-c.passages, -c.participants, order[c.theme_a], order[c.theme_b]))
    return out
