"""Tables for reports: attribute frequencies (multi-select included) and a
crosstab of participants per theme by attribute value (theme co-occurrence
is in analysis/cooccurrence.py, re-exported here). Everything is read
through the Project (withdrawn participants never count) and counts
participants as the reports do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vos_coder.analysis.cooccurrence import Cooccurrence, _together, cooccurrence  # noqa: F401 (re-exported)
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
