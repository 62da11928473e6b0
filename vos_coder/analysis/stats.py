"""Tables for reports: attribute frequencies (multi-select included), a
crosstab of participants per theme by attribute value, and theme
co-occurrence. Everything is read through the Project (withdrawn
participants never count) and counts participants as the reports do.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vos_coder.core.fuzzy import closest_or_all
from vos_coder.core.model import PATH_SEP, Participant
from vos_coder.core.shares import percent, share
from vos_coder.errors import NotFound

NO_ANSWER = "(no answer)"
GROUP_ATTRIBUTE = "group"


@dataclass(frozen=True)
class Frequency:
    """One value of an attribute: how many participants in scope gave it."""

    attribute: str
    value: str
    n: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.n, self.total)

    @property
    def share(self) -> str:
        return share(self.n, self.total)

    def as_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "value": self.value, "n": self.n, "total": self.total,
                "percent": self.percent, "share": self.share}


@dataclass(frozen=True)
class AttributeTable:
    attribute: str
    multi_select: bool
    respondents: int  # participants in scope: the denominator
    answered: int
    rows: tuple[Frequency, ...]


def _check_attributes(project: Any, names: Sequence[str], group: str | None) -> None:
    known = set(project.attribute_names(group)) | {GROUP_ATTRIBUTE}
    for name in names:
        if name not in known:
            raise NotFound("attribute", name, closest_or_all(name, known))


def _values(p: Participant, attribute: str) -> list[str]:
    return [p.group] if attribute == GROUP_ATTRIBUTE else p.attributes.get(attribute, [])


def attribute_tables(project: Any, group: str | None, attributes: Sequence[str] = ()) -> list[AttributeTable]:
    """Frequency tables of participant attributes for the participants in
    scope, each sorted by share (then by value). A multi-select question gives
    the share of participants who chose each option, so shares can add up to
    more than 100%. Participants with no value are a ``(no answer)`` row."""
    people = project.participants(group=group)
    names = list(attributes) or project.attribute_names(group)
    _check_attributes(project, names, group)
    tables = []
    for name in names:
        counts: dict[str, int] = defaultdict(int)
        multi = answered = 0
        for p in people:
            values = list(dict.fromkeys(_values(p, name)))
            multi = max(multi, len(values))
            answered += bool(values)
            for v in values:
                counts[v] += 1
        rows = [Frequency(name, v, n, len(people)) for v, n in counts.items()]
        rows.sort(key=lambda f: (-f.n, f.value.casefold()))
        if answered < len(people):
            rows.append(Frequency(name, NO_ANSWER, len(people) - answered, len(people)))
        tables.append(AttributeTable(name, multi > 1, len(people), answered, tuple(rows)))
    return tables


def _expand(paths: Sequence[str]) -> set[str]:
    """Theme paths with all their ancestors (a theme counts its sub-themes)."""
    out: set[str] = set()
    for path in paths:
        parts = path.split(PATH_SEP)
        out.update(PATH_SEP.join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


@dataclass(frozen=True)
class Crosstab:
    """Participants per theme (rows) by attribute value (columns)."""

    attribute: str
    columns: tuple[str, ...]
    column_totals: tuple[int, ...]
    rows: tuple[tuple[str, int, tuple[int, ...]], ...]  # (theme path, depth, counts per column)

    def as_rows(self) -> list[dict[str, Any]]:
        """One dict per theme: counts and ``NN% (n=K)`` column shares."""
        out = []
        for path, depth, counts in self.rows:
            row: dict[str, Any] = {"theme": path, "name": "  " * depth + path.split(PATH_SEP)[-1]}
            for col, n, total in zip(self.columns, counts, self.column_totals):
                row[col] = share(n, total)
            out.append(row)
        return out


def theme_crosstab(project: Any, by: str, group: str | None = None,
                   where: Mapping[str, str] | None = None) -> Crosstab:
    """Distinct participants coded with each theme (sub-themes included), per
    value of attribute ``by`` (or ``group``), with column percentages: the
    share of the participants in scope who have that value."""
    _check_attributes(project, [by], group)
    people = [p for p in project.participants(group=group)
              if all(v.casefold() in {x.casefold() for x in p.attributes.get(k, [])}
                     for k, v in (where or {}).items())]
    columns: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for v in _values(p, by) or [NO_ANSWER]:
            columns[v].add(p.pid)
    names = sorted(c for c in columns if c != NO_ANSWER) + ([NO_ANSWER] if NO_ANSWER in columns else [])
    themes_of: dict[str, set[str]] = defaultdict(set)
    in_scope = {p.pid for p in people}
    for passage in project.query(group=group, where=where):
        if passage.participant in in_scope:
            themes_of[passage.participant].update(_expand(passage.themes))
    rows = []
    for t in project.themes():
        counts = tuple(sum(1 for pid in columns[c] if t.path in themes_of[pid]) for c in names)
        rows.append((t.path, t.depth, counts))
    return Crosstab(by, tuple(names), tuple(len(columns[c]) for c in names), tuple(rows))


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
    by_source = project.coded_spans(group)
    turns = project.turns_of(sorted(by_source))
    # Keys are codebook positions (a < b), turned into paths at the end.
    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    people: dict[tuple[int, int], set[str]] = defaultdict(set)
    for source_id, passages in by_source.items():
        for a, b in _together(passages, turns[source_id]):
            ids = (a.excerpt_id, b.excerpt_id) if a.excerpt_id <= b.excerpt_id else (b.excerpt_id, a.excerpt_id)
            for x in a.themes:
                rx = rank[x]
                for y in b.themes:
                    if x == y:
                        continue
                    ry = rank[y]
                    key = (rx, ry) if rx < ry else (ry, rx)
                    pairs[key].add(ids)
                    people[key].add(a.participant)
    out = [Cooccurrence(paths[x], paths[y], len(pairs[(x, y)]), len(people[(x, y)])) for x, y in pairs]
    out = [c for c in out if c.passages >= max(1, min_count)]
    order = {path: i for i, path in enumerate(paths)}
    out.sort(key=lambda c: (-c.passages, -c.participants, order[c.theme_a], order[c.theme_b]))
    return out
