"""Fuzzy matching with rapidfuzz: suggestions for misspelt names and ranked pickers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def closest(name: str, choices: Iterable[str], limit: int = 3, cutoff: float = 70) -> list[str]:
    """The names most like ``name`` (for "did you mean ...?"): typing errors
    and partial names, only those nearly as close as the best."""
    from rapidfuzz import fuzz, process, utils  # only when a name was not found

    found = process.extract(
        name, sorted(set(choices)), scorer=fuzz.token_set_ratio,
        processor=utils.default_process, limit=limit, score_cutoff=cutoff,
    )
    found.sort(key=lambda f: (-f[1], f[0]))  # ties in a fixed order, whatever the input order
    best = found[0][1] if found else 0
    return [choice for choice, score, _i in found if score >= best - 10]


def closest_or_all(name: str, choices: Iterable[str], few: int = 10) -> list[str]:
    """The names most like ``name``; when none is close and there are only a
    few names (attributes, groups, coders), all of them in alphabetical order,
    so the message still shows what exists."""
    names = sorted(set(choices))
    return closest(name, names) or (names if len(names) <= few else [])


def rank(query: str, labels: Mapping[object, str], limit: int | None = None,
         cutoff: float = 50) -> list[tuple[object, str, float]]:
    """(key, label, score 0-100) best first, for pickers that filter as you
    type: a label scores by its best-matching stretch (so "remote" finds
    "Support services/Remote support..."), and only labels nearly as good as
    the best are kept. An empty query keeps the given order."""
    if not query.strip():
        return [(key, label, 100.0) for key, label in labels.items()][:limit]
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        query, labels, scorer=fuzz.partial_ratio, processor=utils.default_process,
        limit=None, score_cutoff=cutoff,
    )
    if not found:
        return []
    best = found[0][1]
    kept = [(key, label, score) for label, score, key in found if score >= best - 20]
    return kept[:limit] if limit else kept
