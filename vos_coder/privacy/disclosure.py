"""The disclosure check: every string that can leave the project against the
identifier lists, the pattern detectors and the fuzzy matching of
pseudonymise.py.

A hit's identity (its ``fingerprint``, the id a lead dismisses) depends on
where the text lives and what matched, never on which command found it: the
place (``source 12``, ``quote 7 display text``, ``theme 3 description``...),
the offset of the match in that place, the kind and the folded matched text.
An excerpt's text lives in its source, so a name found in an excerpt by
``export codings`` and the same name found in the source by ``check`` or
``qdpx export`` are one hit with one id.

The fingerprint is an HMAC keyed with the secret of the key file, so the ids
stored in the project (dismissed hits, override rows, fix records) cannot be
tested against a list of names by whoever holds the project file without the
key. Without a key file the ids are keyed with a throw-away secret: they
cannot be dismissed, and mean nothing to anyone afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from vos_coder.core.text import fold
from vos_coder.privacy.keyfile import KeyFile, keyed_id
from vos_coder.privacy.pseudonymise import Match
from vos_coder.privacy.transform import find_all, is_role

_EPHEMERAL = secrets.token_hex(32)  # for runs without a key file: ids nobody can recompute


@dataclass(frozen=True)
class Hit:
    """One thing in an exportable string that could identify someone."""

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
    place: str = ""  # where the text lives: "source 12", "theme 3 name"...
    offset: int = 0  # where the match starts in that place
    advisory: bool = False  # an ordinary word that resembles an identifier: shown, never blocks

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Checked:
    """A string to check: whose, where it will appear, and the string.

    ``place`` is where the string lives in the project (default: ``where``)
    and ``offset`` where the string starts in that place (an excerpt lives in
    its source at its start offset)."""

    participant: str
    excerpt_id: int | None
    where: str
    text: str
    place: str = ""
    offset: int = 0
    speaker: bool = False  # a turn's speaker label: a name on no list is a hit too


def fingerprint(key: KeyFile | None, place: str, offset: int, kind: str, matched: str) -> str:
    """A hit's id: HMAC of (place, offset, kind, folded match) under the key's secret."""
    secret = key.secret if key is not None else _EPHEMERAL
    return keyed_id(secret, "hit", place, offset, kind, fold(matched))


def _hit(item: Checked, m: Match, key: KeyFile | None, dismissed: set[str]) -> Hit:
    place = item.place or item.where
    offset = item.offset + m.start
    fp = fingerprint(key, place, offset, m.kind, m.text)
    return Hit(item.participant, item.where, item.excerpt_id, m.text, m.kind, m.score, m.how,
               m.placeholder, fp, fp in dismissed, place, offset, m.advisory)


def check_texts(items: Iterable[Checked], key: KeyFile | None,
                dismissed: set[str] | frozenset[str] = frozenset()) -> list[Hit]:
    """Every hit in the given strings (dismissed ones flagged, not dropped).
    The same string in the same place is checked once."""
    hits: list[Hit] = []
    dismissed = set(dismissed)
    seen: set[tuple[str, int, str]] = set()
    found: set[str] = set()
    for item in items:
        if not item.text:
            continue
        ident = (item.place or item.where, item.offset, item.text)
        if item.place and ident in seen:
            continue
        seen.add(ident)
        matches = find_all(item.text, key)
        if item.speaker and not any(not m.advisory for m in matches) \
                and not is_role(item.text, item.participant):
            matches = [_speaker_name(item.text)]
        for m in matches:
            hit = _hit(item, m, key, dismissed)
            if hit.fingerprint not in found:  # overlapping excerpts of one source: one hit
                found.add(hit.fingerprint)
                hits.append(hit)
    return hits


def _speaker_name(label: str) -> Match:
    """A speaker label that is no role and on no list (``Genta``): a person's
    name all the same, as import --pseudonymise takes it. Its kind, ``speaker
    name``, keeps its id apart from a hit on the same label once listed (a
    dismissal of the one does not silence the other)."""
    return Match(0, len(label), label, "speaker name", "[NAME]", 100.0,
                 "speaker label, on no list")


def check_project(project: object, key: KeyFile | None, participant: str | None = None,
                  theme: str | None = None) -> list[Hit]:
    """The check over every string a project can export (``outgoing.everything``:
    sources, speakers, metadata, memos...; withdrawn participants are never
    exported, so they are not checked)."""
    from vos_coder.privacy.outgoing import everything

    items = everything(project, participant, theme)
    return check_texts(items, key, project.dismissed_fingerprints())  # type: ignore[attr-defined]


def open_hits(hits: Sequence[Hit]) -> list[Hit]:
    """The hits nobody has dismissed."""
    return [h for h in hits if not h.dismissed]


def blocking(hits: Sequence[Hit]) -> list[Hit]:
    """The hits that stop an export and fail the check: not dismissed, not
    advisory (an ordinary word such as *mirë* that resembles a listed name
    is shown by the check but blocks nothing)."""
    return [h for h in hits if not h.dismissed and not h.advisory]
