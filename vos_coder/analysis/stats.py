"""Tables for reports: attribute frequencies (multi-select included) and a
crosstab of participants per theme by attribute value (theme co-occurrence
is in analysis/cooccurrence.py, re-exported here). Everything is read
through the Project (withdrawn participants never count) and counts
participants as the reports do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from vos_coder.analysis.cooccurrence import Cooccurrence, _together, cooccurrence  # noqa: F401 (re-exported)
from vos_coder.core.fuzzy import closest_or_all
from vos_coder.core.model import PATH_SEP, Participant
from vos_coder.core.shares import percent, share
from vos_coder.core.text import same_ignoring_case
from vos_coder.errors import InvalidInput, NotFound

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
class NumericSummary:
    """A numeric attribute (every value a number): how many gave one, and the
    smallest, middle and largest of their values."""

    n: int
    minimum: float
    median: float
    maximum: float

    def as_dict(self) -> dict[str, Any]:
        return {"min": number(self.minimum), "median": number(self.median),
                "max": number(self.maximum)}

    @property
    def text(self) -> str:
        d = self.as_dict()
        return f"min {d['min']}, median {d['median']}, max {d['max']}"


@dataclass(frozen=True)
class AttributeTable:
    attribute: str
    multi_select: bool
    respondents: int  # participants in scope: the denominator
    answered: int
    rows: tuple[Frequency, ...]
    # A numeric attribute: its summary, and ``rows`` are its bands (with
    # ``bins``) or only the (no answer) row; value by value it says little.
    numeric: NumericSummary | None = None

    def as_dicts(self) -> list[dict[str, Any]]:
        """Rows for every output format: a numeric attribute's first row is its
        summary (value ``min A, median B, max C``; n the participants who gave one)."""
        rows = []
        if self.numeric is not None:
            head = Frequency(self.attribute, self.numeric.text, self.answered, self.respondents)
            rows.append({**head.as_dict(), **self.numeric.as_dict()})
        return rows + [f.as_dict() for f in self.rows]


_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")


def as_number(value: str) -> float | None:
    """A cell as a number (``7``, ``2.5``, ``2,5``), or None."""
    v = value.strip()
    return float(v.replace(",", ".")) if _NUMBER.fullmatch(v) else None


def number(x: float) -> int | float:
    """A number as a report prints it: 7, not 7.0; 2.5; at most two decimals."""
    return int(x) if float(x).is_integer() else round(x, 2)


def parse_bins(text: str) -> tuple[float, ...]:
    """``0,5,10,20`` -> the band edges; one clear line when they are not
    increasing numbers."""
    parts = [x.strip() for x in text.split(",") if x.strip()]
    edges = [as_number(x) for x in parts]
    if not parts or any(e is None for e in edges):
        raise InvalidInput(f"--bins {text!r}: give increasing numbers separated by commas, "
                           "like 0,5,10,20")
    if any(b <= a for a, b in pairwise(edges)):
        raise InvalidInput(f"--bins {text!r}: the numbers must increase, like 0,5,10,20")
    return tuple(e for e in edges if e is not None)


def band_labels(edges: Sequence[float], integers: bool) -> list[str]:
    """Labels of the bands below, between and above ``edges``: for whole
    numbers ``under 0``, ``0-4``, ``5-9``, ``20 or more``; otherwise
    ``0 to under 5``."""
    e = [number(x) for x in edges]
    inner = []
    for a, b in pairwise(edges):
        if integers and float(a).is_integer() and float(b).is_integer():
            inner.append(f"{number(a)}-{number(b - 1)}" if b - 1 > a else f"{number(a)}")
        else:
            inner.append(f"{number(a)} to under {number(b)}")
    return [f"under {e[0]}", *inner, f"{e[-1]} or more"]


def _bands(name: str, values: Sequence[float], total: int,
           edges: Sequence[float]) -> list[Frequency]:
    labels = band_labels(edges, all(float(v).is_integer() for v in values))
    counts = [0] * len(labels)
    for v in values:
        counts[bisect_right(edges, v)] += 1
    # The open bands at either end are shown only when some value falls there.
    return [Frequency(name, label, n, total) for i, (label, n) in enumerate(zip(labels, counts))
            if 0 < i < len(labels) - 1 or n]


def _check_attributes(project: Any, names: Sequence[str], group: str | None) -> None:
    known = set(project.attribute_names(group)) | {GROUP_ATTRIBUTE}
    for name in names:
        if name not in known:
            raise NotFound("attribute", name, closest_or_all(name, known))


def _values(p: Participant, attribute: str) -> list[str]:
    return [p.group] if attribute == GROUP_ATTRIBUTE else p.attributes.get(attribute, [])


def attribute_tables(project: Any, group: str | None, attributes: Sequence[str] = (),
                     bins: Sequence[float] | None = None) -> list[AttributeTable]:
    """Frequency tables of participant attributes for the participants in
    scope, each sorted by share (then by value). A multi-select question gives
    the share of participants who chose each option, so shares can add up to
    more than 100%. Participants with no value are a ``(no answer)`` row.

    An attribute whose every value is one number (``years_experience``) is
    numeric: it gets a summary (n, min, median, max) instead of a row per
    value, and with ``bins`` (band edges, e.g. 0, 5, 10, 20) the share of
    participants in each band."""
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
        total = len(people)
        missing = [Frequency(name, NO_ANSWER, total - answered, total)] if answered < total else []
        numbers = [as_number(v) for v in counts] if name != GROUP_ATTRIBUTE and multi == 1 else []
        if numbers and all(x is not None for x in numbers):
            values = sorted(x for v, n in counts.items() for x in [as_number(v)] * n if x is not None)
            import statistics  # (fractions, decimal, random): only for a numeric attribute

            summary = NumericSummary(len(values), values[0], statistics.median(values), values[-1])
            bands = _bands(name, values, total, bins) if bins else []
            tables.append(AttributeTable(name, False, total, answered, tuple(bands + missing),
                                         summary))
            continue
        rows = [Frequency(name, v, n, total) for v, n in counts.items()]
        rows.sort(key=lambda f: (-f.n, f.value.casefold()))
        tables.append(AttributeTable(name, multi > 1, total, answered, tuple(rows + missing)))
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
    share of the participants in scope who have that value. A passage the
    interviewer spoke does not count for the participant."""
    _check_attributes(project, [by], group)
    people = [p for p in project.participants(group=group)
              if all(same_ignoring_case(v) in {same_ignoring_case(x) for x in p.attributes.get(k, [])}
                     for k, v in (where or {}).items())]
    columns: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for v in _values(p, by) or [NO_ANSWER]:
            columns[v].add(p.pid)
    names = sorted(c for c in columns if c != NO_ANSWER) + ([NO_ANSWER] if NO_ANSWER in columns else [])
    themes_of: dict[str, set[str]] = defaultdict(set)
    in_scope = {p.pid for p in people}
    # The people in scope are chosen above (ignoring case in every alphabet,
    # as the store's --where does); their passages are read from the group's.
    spoken = project.interviewer_excerpts()  # the interviewer's words: not the participant's
    for passage in project.query(group=group):
        if passage.participant in in_scope and passage.excerpt_id not in spoken:
            themes_of[passage.participant].update(_expand(passage.themes))
    rows = []
    for t in project.themes():
        counts = tuple(sum(1 for pid in columns[c] if t.path in themes_of[pid]) for c in names)
        rows.append((t.path, t.depth, counts))
    return Crosstab(by, tuple(names), tuple(len(columns[c]) for c in names), tuple(rows))
