"""Inter-coder agreement: percentage agreement, Cohen's kappa and
Krippendorff's alpha, and the units they are computed over.

Pure functions, no I/O. Reliability data are written as Krippendorff writes
them: one row per coder, one column per unit, ``None`` where a coder gave no
value. Every function also takes ``weights``: one count per unit, so that a
run of 500 characters coded alike is one column of weight 500 rather than 500
columns (the result is the same; only the work is smaller).

Formulas (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability";
Cohen 1960):

- coincidences: for each unit u with m_u >= 2 values, every ordered pair of
  values (c, k) from different coders adds w_u / (m_u - 1) to o[c][k];
  n_c = sum_k o[c][k], n = sum_c n_c.
- alpha = 1 - (n - 1) * sum o[c][k] d(c,k) / sum n_c n_k d(c,k).
- kappa = (p_o - p_e) / (1 - p_e), p_e = sum_c p_a(c) p_b(c).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from vos_coder.core.spans import union_spans
from vos_coder.errors import InvalidInput

Value = Hashable
LEVELS = ("nominal", "ordinal", "interval", "ratio")

__all__ = [
    "LEVELS", "Agreement", "Units", "agreement", "char_units", "cohen_kappa", "coincidences",
    "krippendorff_alpha", "percent_agreement", "turn_units",
]


# -- the statistics ------------------------------------------------------------------
def _weights(n_units: int, weights: Sequence[float] | None) -> Sequence[float]:
    if weights is None:
        return [1] * n_units
    if len(weights) != n_units:
        raise InvalidInput(f"{len(weights)} weights for {n_units} units; give one weight per unit")
    return weights


def _columns(data: Sequence[Sequence[Value | None]]) -> list[tuple[Value | None, ...]]:
    if not data:
        return []
    width = len(data[0])
    if any(len(row) != width for row in data):
        raise InvalidInput("every coder's row must have one value per unit")
    return list(zip(*data))


def coincidences(data: Sequence[Sequence[Value | None]],
                 weights: Sequence[float] | None = None) -> dict[Value, dict[Value, float]]:
    """Krippendorff's coincidence matrix o[c][k] of the reliability data."""
    cols = _columns(data)
    o: dict[Value, dict[Value, float]] = defaultdict(lambda: defaultdict(float))
    for col, w in zip(cols, _weights(len(cols), weights)):
        values = [v for v in col if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    o[c][k] += w / (m - 1)
    return o


def _delta(level: str, margins: dict[Value, float]) -> Callable[[Value, Value], float]:
    """The squared difference function d(c, k) of a level of measurement."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: float(c - k) ** 2  # type: ignore[operator]
    if level == "ratio":
        return lambda c, k: 0.0 if c == k else (float(c - k) / float(c + k)) ** 2  # type: ignore[operator]
    if level == "ordinal":
        ranks = sorted(margins)  # type: ignore[type-var]
        cumulative: dict[Value, float] = {}
        total = 0.0
        for v in ranks:
            cumulative[v] = total  # sum of n_g for g below v
            total += margins[v]

        def ordinal(c: Value, k: Value) -> float:
            # (n_c + ... + n_k - (n_c + n_k) / 2) ** 2. Read from the lower rank
            # up; from the higher rank down the base is negated, which the
            # square undoes, so either order gives the same distance.
            between = cumulative[k] + margins[k] - cumulative[c]
            return (between - (margins[c] + margins[k]) / 2) ** 2

        return ordinal
    raise InvalidInput(f"level {level!r} is not one of {', '.join(LEVELS)}")


def krippendorff_alpha(data: Sequence[Sequence[Value | None]], level: str = "nominal",
                       weights: Sequence[float] | None = None) -> float | None:
    """Krippendorff's alpha for two or more coders, missing values allowed.
    ``None`` when it is undefined: fewer than two pairable values, or every
    value the same (no variation to disagree about)."""
    o = coincidences(data, weights)
    margins = {c: sum(row.values()) for c, row in o.items()}
    n = sum(margins.values())
    if n <= 1:
        return None
    delta = _delta(level, margins)
    observed = sum(w * delta(c, k) for c, row in o.items() for k, w in row.items())
    expected = sum(margins[c] * margins[k] * delta(c, k) for c in margins for k in margins)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def cohen_kappa(a: Sequence[Value], b: Sequence[Value],
                weights: Sequence[float] | None = None) -> float | None:
    """Cohen's kappa for two coders who both rated every unit. ``None`` when
    chance agreement is 1 (both used one and the same category throughout)."""
    if len(a) != len(b):
        raise InvalidInput("kappa needs the two coders' values for the same units")
    w = _weights(len(a), weights)
    total = float(sum(w))
    if total == 0:
        return None
    agree = sum(wi for x, y, wi in zip(a, b, w) if x == y) / total
    pa: Counter = Counter()
    pb: Counter = Counter()
    for x, y, wi in zip(a, b, w):
        pa[x] += wi
        pb[y] += wi
    chance = sum(pa[c] * pb[c] for c in pa) / (total * total)
    if chance >= 1.0:
        return None
    return (agree - chance) / (1.0 - chance)


def percent_agreement(data: Sequence[Sequence[Value | None]],
                      weights: Sequence[float] | None = None) -> float | None:
    """The share of units (with at least two values) on which every coder who
    gave a value gave the same one. ``None`` when no unit has two values."""
    cols = _columns(data)
    agree = total = 0.0
    for col, w in zip(cols, _weights(len(cols), weights)):
        values = [v for v in col if v is not None]
        if len(values) < 2:
            continue
        total += w
        if all(v == values[0] for v in values):
            agree += w
    return agree / total if total else None


# -- units --------------------------------------------------------------------------
@dataclass(frozen=True)
class Units:
    """Reliability data in compact form: each distinct column of values (one
    per coder, None = that coder did not work on the source) with how many
    units have it."""

    coders: tuple[str, ...]
    columns: tuple[tuple[int | None, ...], ...]
    weights: tuple[int, ...]

    @property
    def data(self) -> list[list[int | None]]:
        """Coders x columns, as the statistics take it."""
        return [[col[i] for col in self.columns] for i in range(len(self.coders))]

    @property
    def count(self) -> int:
        """Units with at least two coders' values: what the figures rest on."""
        return sum(w for col, w in zip(self.columns, self.weights)
                   if sum(v is not None for v in col) >= 2)

    def __add__(self, other: Units) -> Units:
        if self.coders != other.coders:
            raise InvalidInput("cannot pool units of different coders")
        return _compact(self.coders, zip(self.columns + other.columns, self.weights + other.weights))


def _compact(coders: tuple[str, ...], pairs: Iterable[tuple[tuple[int | None, ...], int]]) -> Units:
    counter: Counter = Counter()
    for col, w in pairs:
        if w > 0:
            counter[col] += w
    cols = tuple(sorted(counter, key=lambda c: tuple(-1 if v is None else v for v in c)))
    return Units(coders, cols, tuple(counter[c] for c in cols))


Span = tuple[int, int]


def char_units(length: int, spans: dict[str, Sequence[Span] | None]) -> Units:
    """One unit per character of a source of ``length`` characters, as NVivo
    counts: 1 where the coder's codings (of the theme) cover it, else 0.
    ``spans[coder]`` is None when the coder did not work on this source."""
    coders = tuple(spans)
    cuts = {0, length}
    for s in spans.values():
        for a, b in s or ():
            cuts.update((max(0, min(a, length)), max(0, min(b, length))))
    bounds = sorted(cuts)
    covered: dict[str, list[Span]] = {c: union_spans(s) for c, s in spans.items() if s is not None}
    pairs: list[tuple[tuple[int | None, ...], int]] = []
    index = {c: 0 for c in covered}
    for lo, hi in pairwise(bounds):
        col: list[int | None] = []
        for c in coders:
            if c not in covered:
                col.append(None)
                continue
            runs, i = covered[c], index[c]
            while i < len(runs) and runs[i][1] <= lo:
                i += 1
            index[c] = i
            col.append(1 if i < len(runs) and runs[i][0] <= lo else 0)
        pairs.append((tuple(col), hi - lo))
    return _compact(coders, pairs)


def turn_units(turns: Sequence[Span], spans: dict[str, Sequence[Span] | None]) -> Units:
    """One unit per speaker turn: 1 where any of the coder's codings (of the
    theme) overlaps the turn, else 0; None where the coder did not work on
    the source."""
    coders = tuple(spans)
    pairs = []
    for ts, te in turns:
        col = tuple(None if spans[c] is None else
                    int(any(a < te and b > ts for a, b in spans[c] or ())) for c in coders)
        pairs.append((col, 1))
    return _compact(coders, pairs)


@dataclass(frozen=True)
class Agreement:
    """The figures for one set of units."""

    units: int  # units with at least two coders' values
    percent: float | None
    kappa: float | None  # two coders only
    alpha: float | None  # nominal


def agreement(units: Units) -> Agreement:
    """Percentage agreement, Cohen's kappa (two coders; units both coded) and
    nominal Krippendorff's alpha of a set of units."""
    data, weights = units.data, list(units.weights)
    kappa = None
    if len(units.coders) == 2:
        both = [(col, w) for col, w in zip(units.columns, weights) if None not in col]
        kappa = cohen_kappa([c[0] for c, _ in both], [c[1] for c, _ in both], [w for _, w in both])
    return Agreement(units.count, percent_agreement(data, weights), kappa,
                     krippendorff_alpha(data, "nominal", weights))
