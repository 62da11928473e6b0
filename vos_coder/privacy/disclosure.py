"""The disclosure check: every exportable text against the identifier lists,
the pattern detectors and the fuzzy matching of pseudonymise.py.

A hit has a fingerprint (a hash of participant, excerpt, kind and folded
matched text) so that a lead can dismiss it as a false positive once and the
export gate recognises it again; the fingerprint holds no readable text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from vos_coder.core.text import fold
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.privacy.pseudonymise import Match
from vos_coder.privacy.transform import find_all


@dataclass(frozen=True)
class Hit:
    """One thing in an exportable text that could identify someone."""

    participant: str
    where: str
    excerpt_id: int | None
    matched: str
    kind: str
    score: float
    how: str
    suggestion: str
    fingerprint: str
    dismissed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Checked:
    """A text to check: whose, where it will appear, and the text."""

    participant: str
    excerpt_id: int | None
    where: str
    text: str


def fingerprint(participant: str, excerpt_id: int | None, kind: str, matched: str) -> str:
    """A stable id for a hit, holding no readable text."""
    raw = f"{participant}|{excerpt_id if excerpt_id is not None else ''}|{kind}|{fold(matched)}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def _hit(item: Checked, m: Match, dismissed: set[str]) -> Hit:
    fp = fingerprint(item.participant, item.excerpt_id, m.kind, m.text)
    return Hit(item.participant, item.where, item.excerpt_id, m.text, m.kind, m.score, m.how,
               m.placeholder, fp, fp in dismissed)


def check_texts(items: Iterable[Checked], key: KeyFile | None,
                dismissed: set[str] | frozenset[str] = frozenset()) -> list[Hit]:
    """Every hit in the given texts (dismissed ones flagged, not dropped)."""
    hits: list[Hit] = []
    for item in items:
        if not item.text:
            continue
        hits.extend(_hit(item, m, set(dismissed)) for m in find_all(item.text, key))
    return hits


def check_project(project: object, key: KeyFile | None, participant: str | None = None,
                  theme: str | None = None) -> list[Hit]:
    """The check over everything a project can export (withdrawn participants
    are never exported, so they are not checked)."""
    rows = project.exportable_texts(participant, theme)  # type: ignore[attr-defined]
    items = [Checked(r["participant"], r["excerpt_id"], r["where"], r["text"]) for r in rows]
    return check_texts(items, key, project.dismissed_fingerprints())  # type: ignore[attr-defined]


def open_hits(hits: Sequence[Hit]) -> list[Hit]:
    """The hits nobody has dismissed."""
    return [h for h in hits if not h.dismissed]
