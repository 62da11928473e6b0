"""Pseudonymisation at import: the ``transform`` hook of vos_coder.ingest.

``Pseudonymiser(key, confirm)`` is called with (participant, ParsedSource);
it finds every identifier and pattern hit, lets ``confirm`` show them and
reject single ones, and returns the source with placeholders in place and
its turn offsets moved. Only the returned text is ever stored. Advisory
matches (ordinary words that resemble an identifier, see lexicon.py) are
shown but never replaced here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.privacy.detectors import detect
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.privacy.placeholders import replace_matches
from vos_coder.privacy.pseudonymise import Match, find_identifiers, merge_matches, prepare

# Shown the proposed matches; returns the ones to apply.
Confirm = Callable[[str, str, Sequence[Match]], Sequence[Match]]


def find_all(text: str, key: KeyFile | None, pid: str | None = None) -> list[Match]:
    """Identifier-list and pattern hits in text, overlaps resolved."""
    idents = find_identifiers(text, prepare(key.identifiers)) if key else []
    return merge_matches(idents, detect(text))


def pseudonymise(parsed: ParsedSource, matches: Sequence[Match]) -> ParsedSource:
    """The source with each match replaced by its placeholder, turns moved."""
    text, moved = replace_matches(parsed.text, matches)
    turns = tuple(Turn(t.n, t.speaker, moved.start(t.start), moved.end(t.end), t.timestamp)
                  for t in parsed.turns)
    return replace(parsed, text=text, turns=turns)


@dataclass
class Pseudonymiser:
    """The import transform; counts what it replaced for the audit log."""

    key: KeyFile | None
    confirm: Confirm | None = None
    save_mapping: bool = False
    replaced: int = 0
    rejected: int = 0
    advisory: int = 0  # advisory matches left in the text
    by_kind: dict[str, int] = field(default_factory=dict)

    def __call__(self, pid: str, parsed: ParsedSource) -> ParsedSource:
        proposed = find_all(parsed.text, self.key, pid)
        chosen = list(self.confirm(pid, parsed.text, proposed)) if self.confirm and proposed \
            else proposed
        # An advisory match is an ordinary word that resembles an identifier (mirë,
        # besnik): shown, never replaced at import; `check` keeps showing it.
        advisory = sum(1 for m in proposed if m.advisory)
        chosen = [m for m in chosen if not m.advisory]
        self.advisory += advisory
        self.rejected += len(proposed) - advisory - len(chosen)
        self.replaced += len(chosen)
        for m in chosen:
            self.by_kind[m.kind] = self.by_kind.get(m.kind, 0) + 1
            if self.save_mapping and self.key is not None:
                self.key.remember(m.placeholder, m.text)
        return pseudonymise(parsed, chosen)
