"""Mapping REFI-QDA text positions onto vos-coder's stored text.

REFI-QDA 1.5, section 10.2: a text selection is given by character positions
counted in Unicode code points of the plain text file, the first code point
being 0. The specification says "first and last character"; we read
``endPosition`` as EXCLUSIVE (one past the last character). That is what real
files do: in qc 1.3.2's export (shared/refi/samples/qc132-two-sources.qdpx)
all 158 selections start at a line start and end just after that line's
newline, so ``text[start:end]`` is whole lines; read inclusively, each would
take one character of the next line (for 145 of them, a letter). It is also
Python's slicing, so we write ``endPosition`` exclusively too, and a round
trip through vos-coder lands on the same offsets.

vos-coder stores text NFC-normalised with LF line endings and no BOM
(``core.text.normalise``). A plain text file from another tool may have CRLF
line endings, decomposed accents or a BOM, so its positions are mapped onto
the normalised text here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from vos_coder.core.text import normalise

_TOKENS = re.compile(r"\r\n|\r|\s|\S+")


class PositionMap:
    """Code-point positions of a raw plain text -> offsets into ``normalise(raw)``."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = normalise(raw)
        self._identity = (
            "\r" not in raw and not raw.startswith("\ufeff")
            and unicodedata.is_normalized("NFC", raw)
        )
        if not self._identity:
            self._build()

    def _build(self) -> None:
        # Breakpoints: raw position -> normalised offset, piecewise per token.
        # NFC never composes across whitespace, so words normalise on their own.
        raw, bom = self.raw, len(self.raw) - len(self.raw.lstrip("\ufeff"))
        self._raw_at: list[int] = [0]
        self._out_at: list[int] = [0]
        self._inner: dict[int, list[int]] = {}  # token start -> offsets of each inner position
        out = 0
        for m in _TOKENS.finditer(raw, bom):
            tok = m.group()
            if tok == "\r\n":
                # The CR collapses into the LF: both positions map to the LF.
                self._mark(m.start(), out)
                self._mark(m.start() + 1, out)
                out += 1
                continue
            if tok.isspace():  # one whitespace character; a bare CR is one too
                self._mark(m.start(), out)
                out += 1
                continue
            self._mark(m.start(), out)
            nfc = unicodedata.normalize("NFC", tok)
            if nfc != tok:
                self._inner[m.start()] = [
                    out + min(len(unicodedata.normalize("NFC", tok[:i])), len(nfc))
                    for i in range(len(tok))
                ]
            out += len(nfc)
        self._mark(len(raw), out)

    def _mark(self, raw_pos: int, out: int) -> None:
        self._raw_at.append(raw_pos)
        self._out_at.append(out)

    def offset(self, pos: int) -> int:
        """The offset in the normalised text of raw position ``pos`` (clamped)."""
        pos = max(0, min(pos, len(self.raw)))
        if self._identity:
            return min(pos, len(self.text))
        i = bisect_right(self._raw_at, pos) - 1
        start = self._raw_at[i]
        out = self._out_at[i]
        if pos != start and start in self._inner:
            out = self._inner[start][pos - start]
        elif pos != start:
            out += pos - start  # inside an unchanged token
        return min(out, len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A raw selection [start, end) as offsets into the normalised text."""
        return self.offset(start), self.offset(end)
