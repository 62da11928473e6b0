"""Text normalisation and offset arithmetic.

Every stored text is NFC-normalised, uses LF line endings and has no BOM.
Offsets everywhere are code points into that text, so that
``text[start:end] == excerpt.text`` holds. Conversions to (row, column) and to
UTF-8 byte columns (which Textual's highlights use) live only here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_WS = re.compile(r"\s+")


#: The text ``normalise`` gave back last: an importer normalises a file's text
#: and the store checks it again before storing it; the second call is then an
#: identity test instead of another pass over the text (strings are immutable).
_last_normalised: str | None = None


def normalise(text: str) -> str:
    """NFC, LF line endings, no BOM, no trailing whitespace at the end of the text."""
    global _last_normalised
    if text is _last_normalised:
        return text
    text = _normalise(text)
    _last_normalised = text
    return text


def _normalise(text: str) -> str:
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):  # a quick check, much faster than normalising
        text = unicodedata.normalize("NFC", text)
    if len(text) > 1 and text[-1] == "\n" and not text[-2].isspace():
        return text  # already ends with one line feed (no copy of a long text)
    body = text.rstrip()
    return body + "\n" if body else ""


def content_hash(text: str) -> str:
    """The SHA-256 of the normalised text: how a re-import is recognised."""
    import hashlib  # here: OpenSSL's loading is not paid by the workbench's start

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def same_ignoring_case(text: str) -> str:
    """A key under which two values are equal when they differ only in case,
    in any alphabet (DURRËS and Durrës; not Durres): NFC, then casefolded."""
    return unicodedata.normalize("NFC", text).casefold()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form for matching (Lushnjë -> lushnje)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_span(text: str, needle: str) -> list[tuple[int, int]]:
    """Every span of ``needle`` in ``text``: exact matches first; if there are
    none, matches that ignore differences in whitespace (line breaks, double
    spaces). Offsets are code points into ``text``."""
    needle = unicodedata.normalize("NFC", needle.strip())
    if not needle:
        return []
    spans = []
    start = text.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    if spans:
        return spans
    words = needle.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space (for display in one line)."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class LineIndex:
    """A line-start table for one text: offset <-> (row, column) in O(log n).

    Textual's own ``Document.get_location_from_index`` is O(lines) per call;
    with thousands of codings that is too slow, so conversions go through this.
    """

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return cls(text, tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, row: int) -> str:
        start = self.starts[row]
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def location(self, offset: int) -> tuple[int, int]:
        """(row, column) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        row = bisect_right(self.starts, offset) - 1
        return row, offset - self.starts[row]

    def offset(self, row: int, column: int) -> int:
        """Code-point offset of (row, column); columns past the line end clamp."""
        row = max(0, min(row, len(self.starts) - 1))
        return self.starts[row] + max(0, min(column, len(self.line(row))))

    def byte_column(self, row: int, column: int) -> int:
        """The UTF-8 byte column of a code-point column on a row (for TextArea highlights)."""
        return len(self.line(row)[:column].encode("utf-8"))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the offset in ``text`` it
    came from: search the folded text, map hits back to real offsets."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch) if not ch.isascii() else ch.lower()
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def find_folded(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` where a pattern over folded text matches."""
    folded, where = fold_with_map(text)
    spans = []
    for m in pattern.finditer(folded):
        if m.end() > m.start():
            spans.append((where[m.start()], where[m.end() - 1] + 1))
    return spans
