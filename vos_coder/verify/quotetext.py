"""The text of a quotation and of a source in a form fit for comparison.

Allowed differences between a quotation and its source: whitespace (line
breaks, double spaces), the style of quotation marks (“ ” „ « » ‘ ’ against
" and '), ``…`` against ``...``, the case of the first letter after an
omission or at the start, a closing full stop or comma, and the reports'
marks: ``[…]`` omissions and ``[bracketed words]`` added by the author.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MARKS = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})
# Only what changes length is rewritten: runs of whitespace other than one
# space, and the ellipsis character.
_REWRITE = re.compile(r"[^\S ]\s*| \s+|…")
_OMISSION = re.compile(r"[\[(]\s*(?:…|\.\s?\.\s?\.)\s*[\])]")
_INSERTION = re.compile(r"\[[^\[\]]{1,80}\]")
_TRAILING = ".,;:"


def translate(text: str) -> str:
    """Quotation marks and odd spaces to plain ones (same length)."""
    return text.translate(_MARKS)


@dataclass(frozen=True)
class Compared:
    """A text's comparison form and the way back to offsets in the original."""

    text: str
    anchors_new: tuple[int, ...]
    anchors_old: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Compared:
        t = translate(original)
        parts: list[str] = []
        new_at: list[int] = [0]
        old_at: list[int] = [0]
        last = 0
        pos = 0
        for m in _REWRITE.finditer(t):
            rep = "..." if m.group() == "…" else " "
            parts.append(t[last:m.start()])
            pos += m.start() - last
            new_at.append(pos)
            old_at.append(m.start())
            parts.append(rep)
            pos += len(rep)
            new_at.append(pos)
            old_at.append(m.end())
            last = m.end()
        parts.append(t[last:])
        return cls("".join(parts), tuple(new_at), tuple(old_at))

    def original(self, pos: int) -> int:
        """The offset in the original text of ``pos`` in the comparison form."""
        i = bisect_right(self.anchors_new, pos) - 1
        nxt = self.anchors_old[i + 1] if i + 1 < len(self.anchors_old) else None
        off = self.anchors_old[i] + (pos - self.anchors_new[i])
        return min(off, nxt) if nxt is not None else off


def compare_form(text: str) -> str:
    """A draft's words in comparison form (no offsets needed)."""
    return re.sub(r"\s+", " ", translate(text).replace("…", "...")).strip()


@dataclass(frozen=True)
class Pieces:
    """A quotation split at its marks: literal segments and, between them,
    what may stand in the source there ("omit": any passage; "insert": a few
    words the author replaced or added)."""

    segments: tuple[str, ...]  # comparison form, stripped, never empty
    gaps: tuple[str, ...]  # len(segments) - 1 of "omit" | "insert"
    marked: bool  # the quotation holds [...] or [words]
    tail: str = ""  # closing punctuation taken off the last segment
    gap_marks: tuple[str, ...] = ()  # the marks as written between segments: "[…]", "[her]"

    @property
    def words(self) -> str:
        return " ".join(self.segments)


def split_marks(quote: str) -> Pieces:
    """Split a quotation at ``[…]`` omissions and ``[bracketed insertions]``."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    marks = sorted([(m.start(), 0, m.end(), "omit") for m in _OMISSION.finditer(quote)]
                   + [(m.start(), 1, m.end(), "insert") for m in _INSERTION.finditer(quote)])
    for start, _, end, kind in marks:
        if start < pos:
            continue  # an omission is also an insertion-shaped bracket
        tokens.append(("text", quote[pos:start]))
        tokens.append((kind, quote[start:end]))
        pos = end
    tokens.append(("text", quote[pos:]))
    segments: list[str] = []
    gaps: list[str] = []
    gap_marks: list[str] = []
    gap: str | None = None
    written: list[str] = []
    for kind, value in tokens:
        if kind == "text":
            seg = compare_form(value).strip(" ")
            if seg and re.search(r"\w", seg):
                if segments and gap:
                    gaps.append(gap)
                    gap_marks.append(" ".join(written))
                segments.append(seg)
                gap, written = None, []
        else:
            gap = "omit" if "omit" in (kind, gap) else "insert"
            written.append(value)
    tail = ""
    if segments:
        bare = segments[-1].rstrip(_TRAILING).rstrip()
        if bare:
            tail, segments[-1] = segments[-1][len(bare):].strip(), bare
    return Pieces(tuple(segments), tuple(gaps), bool(marks), tail, tuple(gap_marks))
