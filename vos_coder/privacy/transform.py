"""Pseudonymisation at import: the ``transform`` hook of vos_coder.ingest.

``Pseudonymiser(key, confirm)`` is called with (participant, ParsedSource);
it finds every identifier and pattern hit, lets ``confirm`` show them and
reject single ones, and returns the source with placeholders in place and
its turn offsets moved. Only the returned text is ever stored. Advisory
matches (ordinary words that resemble an identifier, see lexicon.py) are
shown but never replaced here.

Speaker labels go with the text: a turn's speaker (a VTT voice ``<v Ardita
Hoxha>``, a ``Genta:`` prefix in an SRT, a .txt or a .docx) that names a
listed identifier gets that identifier's placeholder, so ``Ardita Hoxha``
speaking and ``Ardita`` mentioned become the same ``[NAME-1]``. A speaker
name that is on no list is taken for what it is, a person's name: it is
added to the key file as the participant's identifier (kind person) and
replaced in the label and in the text alike. Role labels (Interviewer,
Participant, Speaker 2..., and who someone is rather than their name:
Mother, Nëna, Teacher...) and the participant's own identifier stay as they
are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.privacy.detectors import detect
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.privacy.placeholders import replace_matches
from vos_coder.privacy.pseudonymise import Match, find_identifiers, merge_matches, prepare

# Shown the proposed matches; returns the ones to apply.
Confirm = Callable[[str, str, Sequence[Match]], Sequence[Match]]


def find_all(text: str, key: KeyFile | None) -> list[Match]:
    """Identifier-list and pattern hits in text, overlaps resolved."""
    idents = find_identifiers(text, prepare(key.identifiers)) if key else []
    return merge_matches(idents, detect(text))


# Speaker labels that name a role, not a person.
ROLES = frozenset({"interviewer", "participant", "respondent", "researcher", "interviewee",
                   "moderator", "facilitator", "speaker", "unknown", "note", "translator",
                   "interpreter", "i", "p", "r", "int", "q", "a",
                   # who someone is, not their name (a third voice in a transcript: "Mother:")
                   "mother", "father", "parent", "sister", "brother", "aunt", "uncle",
                   "grandmother", "grandfather", "guardian", "friend", "teacher", "counsellor",
                   "counselor", "psychologist", "social worker", "caseworker", "officer",
                   "police officer", "lawyer", "doctor", "nurse",
                   "nëna", "mamaja", "mami", "babai", "baba", "motra", "vëllai", "tezja", "halla",
                   "gjyshja", "gjyshi", "kujdestari", "kujdestarja", "shoqja", "shoku",
                   "mësuesja", "mësuesi", "psikologia", "psikologu", "punonjësja sociale",
                   "punonjësi social", "oficerja", "oficeri", "avokatja", "avokati", "mjekja",
                   "mjeku", "infermierja", "përkthyesi", "përkthyesja"})
_NUMBERED_ROLE = re.compile(r"(?i)^(?:speaker|participant|interviewer|respondent|voice)[ _-]*\d+$")
_ONLY_PLACEHOLDERS = re.compile(r"^(?:\s*\[[A-Z][A-Z ]*(?:-\d+)?\]\s*)+$")


def is_role(label: str, pid: str) -> bool:
    """True for a speaker label that names no one: a role, a numbered
    speaker, the participant's identifier, or placeholders only."""
    label = label.strip()
    return (not label or label.casefold() in ROLES or bool(_NUMBERED_ROLE.match(label))
            or label == pid or bool(_ONLY_PLACEHOLDERS.match(label)))


def speaker_label(label: str, key: KeyFile | None) -> str:
    """The label with every identifier and pattern hit in it replaced."""
    matches = [m for m in find_all(label, key) if not m.advisory]
    return replace_matches(label, matches)[0] if matches else label


def pseudonymise(parsed: ParsedSource, matches: Sequence[Match],
                 speakers: dict[str, str] | None = None) -> ParsedSource:
    """The source with each match replaced by its placeholder, turns moved,
    and speaker labels replaced as ``speakers`` says."""
    text, moved = replace_matches(parsed.text, matches)
    speakers = speakers or {}
    turns = tuple(Turn(t.n, speakers.get(t.speaker, t.speaker), moved.start(t.start),
                       moved.end(t.end), t.timestamp) for t in parsed.turns)
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
    speakers_added: int = 0  # speaker names that were on no list, now in the key file
    key_changed: bool = False
    had_key: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.had_key = self.key is not None

    def _speakers(self, pid: str, parsed: ParsedSource) -> dict[str, str]:
        """Old label -> pseudonymised label for every speaker that names someone;
        names on no list are added to the key (kept in memory without one)."""
        labels = sorted({t.speaker for t in parsed.turns if not is_role(t.speaker, pid)})
        if not labels:
            return {}
        if self.key is None:
            from pathlib import Path

            self.key = KeyFile(Path("(no key file)"))  # consistent placeholders; never written
        out: dict[str, str] = {}
        for label in labels:
            new = speaker_label(label, self.key)
            if new == label:  # a name on no list: it is a person's name all the same
                self.key.add("person", label, pid)
                self.speakers_added += 1
                self.key_changed = True
                new = speaker_label(label, self.key)
            out[label] = new
        return out

    def __call__(self, pid: str, parsed: ParsedSource) -> ParsedSource:
        speakers = self._speakers(pid, parsed)
        proposed = find_all(parsed.text, self.key)
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
                self.key.remember(m.placeholder, m.text, pid)
        return pseudonymise(parsed, chosen, speakers)
