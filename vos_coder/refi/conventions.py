"""Which way another tool counted its text positions, found from the text.

REFI-QDA counts code points, each character of the plain text file one
position, the byte-order mark not counted. Real tools differ
(../shared/refi/README.md): NVivo 12 counts UTF-16 code units (an emoji is
two); QualCoder's "MAXQDA line endings" export, and ATLAS.ti, count a CRLF
pair as one position; a tool may count the byte-order mark. Where a text
gives these conventions room to differ (it has characters outside the Basic
Multilingual Plane, CRLF pairs, or a BOM) every candidate is tried and the
selections are the evidence: a convention fits when its selections lie inside
the text, start and end at word or line boundaries, and match the selected
text a tool stored beside them (QualCoder writes it as the selection's name).
The best fit wins only if it fits strictly better than every convention that
would put a selection elsewhere; a tie is refused with the reason.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from vos_coder.core.text import normalise
from vos_coder.refi.positions import PositionMap


@dataclass(frozen=True)
class Convention:
    utf16: bool = False  # positions count UTF-16 code units
    crlf_one: bool = False  # a CRLF pair is one position
    bom_counted: bool = False  # the byte-order mark is position 0

    def describe(self) -> str:
        parts = ["UTF-16 code units" if self.utf16 else "code points"]
        if self.crlf_one:
            parts.append("a CRLF pair as one position")
        if self.bom_counted:
            parts.append("the byte-order mark counted")
        return ", ".join(parts)


SPEC = Convention()
_EVENTS = re.compile("\r\n|[\U00010000-\U0010FFFF]")  # where the conventions part ways


class Units:
    """Positions in a convention -> code point offsets of the raw text."""

    def __init__(self, raw: str, conv: Convention) -> None:
        self.base = 1 if conv.bom_counted else 0
        # (unit position just after the event, offset units - code points from there on)
        self._after: list[int] = []
        self._off: list[int] = []
        off = self.base
        if conv.utf16 or conv.crlf_one:
            for m in _EVENTS.finditer(raw):
                if m.group() == "\r\n":
                    if not conv.crlf_one:
                        continue
                    off -= 1
                elif conv.utf16:
                    off += 1
                else:
                    continue
                self._after.append(m.start() + 1 + off)
                self._off.append(off)
        self.total = len(raw) + off

    def codepoint(self, pos: int) -> int:
        k = bisect_right(self._after, pos) - 1
        return pos - (self._off[k] if k >= 0 else self.base)


def candidates(raw: str, had_bom: bool) -> list[Convention]:
    """The conventions that could read this text differently."""
    utf16 = [False, True] if any(ord(c) > 0xFFFF for c in raw) else [False]
    crlf = [False, True] if "\r\n" in raw else [False]
    bom = [False, True] if had_bom else [False]
    return [Convention(u, c, b) for u, c, b in product(utf16, crlf, bom)]


@dataclass
class Fit:
    conv: Convention
    spans: list[tuple[int, int] | None]  # per selection: offsets into the stored text, or None
    inside: int = 0
    boundaries: int = 0
    named: int = 0

    @property
    def score(self) -> tuple[int, int, int]:
        return (self.inside, self.named, self.boundaries)


def _boundary(text: str, at: int) -> bool:
    if at <= 0 or at >= len(text):
        return True
    return not (text[at - 1].isalnum() and text[at].isalnum())


def _tidy(text: str, a: int, b: int) -> bool:
    """A selection as people make them: from a word's start to a word's end (or a
    line's end), not starting or ending on a space."""
    return (_boundary(text, a) and _boundary(text, b)
            and text[a] not in " \t" and text[b - 1] not in " \t")


def fit(pm: PositionMap, conv: Convention, sels: Sequence[tuple[int, int, str]]) -> Fit:
    """Where each (start, end, stored text) selection lands under ``conv``."""
    units = Units(pm.raw, conv)
    out = Fit(conv, [])
    text = pm.text
    for start, end, name in sels:
        if not (0 <= start <= end <= units.total):
            out.spans.append(None)
            continue
        a, b = pm.span(max(units.codepoint(start), 0), max(units.codepoint(end), 0))
        out.spans.append((a, b))
        if a >= b:
            continue
        out.inside += 1
        out.boundaries += _tidy(text, a, b)
        stored = normalise(name).strip() if name else ""
        out.named += bool(stored) and stored == text[a:b].strip()
    return out


class Ambiguous(Exception):
    """The selections fit two conventions that would place them differently."""


OWN_ORIGIN = "vos-coder"
UTF16_MARK = "positions in UTF-16 code units"


def own_convention(origin: str) -> Convention | None:
    """How vos-coder itself counted, when it wrote the file (its origin says so)."""
    if not origin.startswith(OWN_ORIGIN + " "):
        return None
    return Convention(utf16=True) if UTF16_MARK in origin else SPEC


def choose(pm: PositionMap, had_bom: bool, sels: Sequence[tuple[int, int, str]],
           origin: str = "") -> tuple[Fit, str]:
    """The convention the selections fit best, and the evidence in words ('' for
    the specification's own when nothing else was possible). A file vos-coder
    wrote is read as it says it was written."""
    own = own_convention(origin)
    if own is not None:
        return fit(pm, own, sels), ("written so by vos-coder" if own != SPEC else "")
    convs = candidates(pm.raw, had_bom)
    spec = fit(pm, SPEC, sels)
    if len(convs) == 1 or not sels:
        return spec, ""
    fits = [spec] + [fit(pm, c, sels) for c in convs if c != SPEC]
    fits.sort(key=lambda f: f.score, reverse=True)
    best = fits[0]
    for other in fits[1:]:
        if other.spans == best.spans:
            continue
        if other.score == best.score:
            raise Ambiguous(
                f"its {len(sels)} selection(s) fit counting {best.conv.describe()} and counting "
                f"{other.conv.describe()} equally well ({best.boundaries} at word boundaries "
                "either way) but land on different text")
        break
    n = len(sels)
    evidence = f"{best.boundaries} of {n} selection(s) at word or line boundaries"
    if best.named:
        evidence += f", {best.named} matching the text stored with them"
    runner = next((f for f in fits[1:] if f.spans != best.spans), None)
    if runner is not None:
        evidence += (f"; counting {runner.conv.describe()}: {runner.boundaries} at boundaries"
                     + (f", {runner.named} matching" if runner.named or best.named else "")
                     + (f", {n - runner.inside} outside the text" if runner.inside < n else ""))
    return best, evidence
