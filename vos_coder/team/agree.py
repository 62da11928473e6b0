"""Agreement between coders of one project, per theme and overall, and the
passages where two coders differ.

Which units: the sources that at least two of the coders worked on (coded
anything in). A coder who coded nothing in a source has no value there
(missing), not "0". Per theme, a coding of the theme or of any of its
sub-themes counts (as ``query`` and ``stats`` count). Overall pools the units
of the rows shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from vos_coder.analysis.agreement import (
    Agreement,
    Units,
    agreement,
    char_units,
    turn_units,
)
from vos_coder.core.model import Theme
from vos_coder.core.spans import union_spans
from vos_coder.errors import InvalidInput
from vos_coder.store import Project

UNITS = ("char", "turn")
Span = tuple[int, int]


@dataclass(frozen=True)
class ThemeAgreement:
    """The figures for one theme (or ``overall``)."""

    theme: str
    figures: Agreement
    coded: dict[str, int]  # units each coder coded with the theme
    sources: int

    def as_dict(self, unit: str) -> dict:
        f = self.figures
        return {"theme": self.theme, "unit": unit, "units": f.units, "sources": self.sources,
                "percent_agreement": _r(f.percent), "kappa": _r(f.kappa), "alpha": _r(f.alpha),
                **{f"coded_by_{c}": n for c, n in self.coded.items()}}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def parse_coders(text: str, at_least: int = 2, at_most: int | None = None) -> list[str]:
    """``"ana,ben"`` -> ["ana", "ben"], checking the count and duplicates."""
    coders = [c.strip() for c in text.split(",") if c.strip()]
    if len(set(coders)) != len(coders):
        raise InvalidInput(f"--coders {text!r} names a coder twice")
    if len(coders) < at_least or (at_most and len(coders) > at_most):
        want = f"exactly {at_least}" if at_most == at_least else f"at least {at_least}"
        raise InvalidInput(f"--coders needs {want} coders, comma-separated, like ana,ben")
    return coders


class _Codings:
    """The coders' codings of one project, indexed for unit building."""

    def __init__(self, p: Project, coders: Sequence[str], themes: Sequence[str | int]) -> None:
        for c in coders:
            p.check_coder(c)
        self.p, self.coders = p, tuple(coders)
        rows = p.coder_codings(coders)
        # spans[source][coder][theme_id] -> spans
        self.spans: dict[int, dict[str, dict[int, list[Span]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list)))
        used: set[int] = set()
        for r in rows:
            self.spans[r["source_id"]][r["coder"]][r["theme_id"]].append((r["start"], r["end"]))
            used.add(r["theme_id"])
        self.sources = sorted(s for s, by in self.spans.items() if len(by) >= 2)
        all_themes = p.themes()
        chosen = [p.theme(t) for t in themes] if themes else [t for t in all_themes if t.id in used]
        self.rows: list[tuple[Theme, set[int]]] = []
        for t in chosen:
            ids = {x.id for x in all_themes if x.id == t.id or x.path.startswith(t.path + "/")}
            self.rows.append((t, ids))
        lengths = {s.id: s.length for s in p.sources()}
        self.length = {s: lengths[s] for s in self.sources}

    def coder_spans(self, source: int, ids: set[int]) -> dict[str, list[Span] | None]:
        by = self.spans[source]
        return {c: ([sp for tid, spans in by[c].items() if tid in ids for sp in spans]
                    if c in by else None) for c in self.coders}


def agreement_table(p: Project, coders: Sequence[str], themes: Sequence[str | int] = (),
                    unit: str = "char") -> list[ThemeAgreement]:
    """Per theme (the themes named, else every theme the coders applied) and
    ``overall`` last: units, percentage agreement, Cohen's kappa (two coders)
    and nominal Krippendorff's alpha."""
    if unit not in UNITS:
        raise InvalidInput(f"--unit {unit!r} must be char or turn")
    data = _Codings(p, coders, themes)
    turns = {s: [(t.start, t.end) for t in p.turns(s)] or [(0, data.length[s])]
             for s in data.sources} if unit == "turn" else {}
    out: list[ThemeAgreement] = []
    pooled = Units(tuple(coders), (), ())
    for theme, ids in data.rows:
        units = Units(tuple(coders), (), ())
        for s in data.sources:
            spans = data.coder_spans(s, ids)
            units = units + (char_units(data.length[s], spans) if unit == "char"
                             else turn_units(turns[s], spans))
        pooled = pooled + units
        out.append(ThemeAgreement(theme.path, agreement(units), _coded(units), len(data.sources)))
    if out:
        out.append(ThemeAgreement("overall", agreement(pooled), _coded(pooled), len(data.sources)))
    return out


def _coded(units: Units) -> dict[str, int]:
    return {c: sum(w for col, w in zip(units.columns, units.weights) if col[i] == 1)
            for i, c in enumerate(units.coders)}


@dataclass(frozen=True)
class Disagreement:
    """A stretch of a source where two coders applied a theme differently."""

    participant: str
    source_id: int
    source_title: str
    theme: str
    start: int
    end: int
    kind: str  # "only <coder>" | "different extent"
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    text: str

    def as_dict(self, coders: Sequence[str]) -> dict:
        def fmt(spans: tuple[Span, ...]) -> str:
            return ", ".join(f"{s}:{e}" for s, e in spans) or "-"

        return {"participant": self.participant, "source": self.source_id,
                "source_title": self.source_title, "theme": self.theme, "start": self.start,
                "end": self.end, "kind": self.kind, coders[0]: fmt(self.a), coders[1]: fmt(self.b),
                "text": self.text}


def disagreements(p: Project, coders: Sequence[str], themes: Sequence[str | int] = ()) -> list[Disagreement]:
    """Every stretch (a run of overlapping codings of a theme by either coder)
    where the two coders' codings differ, in source and text order."""
    if len(coders) != 2:
        raise InvalidInput("disagreements compares exactly two coders, like --coders ana,ben")
    data = _Codings(p, coders, themes)
    sources = {s.id: s for s in p.sources()}
    out: list[Disagreement] = []
    a_name, b_name = coders
    for s in data.sources:
        text = p.source_text(s)
        for theme, ids in data.rows:
            spans = data.coder_spans(s, ids)
            a, b = union_spans(spans[a_name] or []), union_spans(spans[b_name] or [])
            for lo, hi in union_spans(a + b):
                ina = tuple(x for x in a if lo <= x[0] < hi)
                inb = tuple(x for x in b if lo <= x[0] < hi)
                if ina == inb:
                    continue
                kind = (f"only {a_name}" if not inb else f"only {b_name}" if not ina
                        else "different extent")
                out.append(Disagreement(sources[s].participant, s, sources[s].title, theme.path,
                                        lo, hi, kind, ina, inb, text[lo:hi]))
    out.sort(key=lambda d: (d.participant, d.source_id, d.start, d.theme))
    return out


ACCEPT = ("a", "b", "both", "neither")


def settle(p: Project, d: Disagreement, accept: str, coder: str) -> list[Span]:
    """Record the lead's decision on a disagreement as codings by ``coder``
    (the lead, or a consensus name): the first coder's spans (``a``), the
    second's (``b``), ``both`` (their union) or ``neither``. The lead's earlier
    codings of the theme in that stretch are replaced; the two coders'
    codings stay as they are. One transaction. Returns the spans coded."""
    if accept not in ACCEPT:
        raise InvalidInput(f"accept {accept!r}: choose a, b, both or neither")
    spans = {"a": list(d.a), "b": list(d.b), "both": union_spans([*d.a, *d.b]), "neither": []}[accept]
    theme = p.theme(d.theme)
    old = [r["coding_id"] for r in p.coder_codings([coder])
           if r["source_id"] == d.source_id and r["theme_id"] == theme.id
           and r["start"] < d.end and r["end"] > d.start]
    with p.transaction():
        if old:
            p.uncode(old, coder)
        for start, end in spans:
            p.code(d.source_id, start, end, [theme.id], coder)
        p.audit("team.settle", coder, source=d.source_id, theme=theme.path, start=d.start,
                end=d.end, accept=accept)
    return spans
