"""The matching view of a text: what the identifier matcher compares, with a
map back to the stored text.

A name can hide from a plain comparison in ways a reader never sees:
- invisible characters inside it: a zero-width space (U+200B), a zero-width
  joiner, a soft hyphen (U+00AD, invisible in Word until the line breaks),
  a byte-order mark, bidi controls: every character of Unicode category
  ``Cf`` (format) is dropped;
- look-alike letters from another script: Cyrillic ``а`` in ``Аrdita``, Greek
  ``ο`` in ``Hοxha``. A letter outside the Latin script is replaced by the
  Latin letter Unicode's confusables table (TR39, as shipped by the
  ``confusable_homoglyphs`` package) gives for it, where there is one;
- case and diacritics, as everywhere in vos-coder (``core.text.fold``):
  Lushnjë = lushnje; typographic dashes and slashes become ``-`` and ``/``.

``view(text)`` gives the folded text and a map from each folded offset back to
the stored text: ``start(i)`` is the offset of the character that produced
folded character ``i``, ``end(j)`` the offset just after the one that produced
folded character ``j - 1``. A match found at folded ``[s, e)`` is
``text[start(s):end(e)]`` in the stored text, invisible characters inside it
included, so replacing that span removes the whole disguised name.

Most texts need no map at all: every character folds to exactly one
character. Only the characters that fold to none (invisible, combining marks)
or to several (ß -> ss, ligatures) are recorded, so the map costs nothing on
ordinary text and a lookup is a bisection.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from vos_coder.core.text import fold

_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_SLASHES = frozenset("\u2044\u2215\u29f8\uff0f")
_PUNCTUATION = {**{ord(c): "-" for c in _DASHES}, **{ord(c): "/" for c in _SLASHES}}
_SMALL_CAPITAL = re.compile(r"^LATIN LETTER SMALL CAPITAL ([A-Z])$")


@lru_cache(maxsize=4096)
def latin_lookalike(ch: str) -> str | None:
    """The Latin letter a non-Latin letter looks like (Cyrillic а -> a), if any."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if name.startswith("LATIN") or not ch.isalpha():
        return None
    from confusable_homoglyphs import confusables  # loaded only for non-Latin letters

    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            c = glyph["c"]
            if len(c) != 1:
                continue
            if c.isascii() and c.isalpha():
                # Greek capital iota and Cyrillic capital І are listed as "l", which
                # they resemble only because a capital I does: in a capital they are I.
                return "I" if c == "l" and ch.isupper() else c
            m = _SMALL_CAPITAL.match(unicodedata.name(c, ""))
            if m:  # Cyrillic н -> LATIN LETTER SMALL CAPITAL H
                return m.group(1).lower()
            if unicodedata.name(c, "") == "LATIN SMALL LETTER KRA":  # Cyrillic к
                return "k"
    return None


_COMBINING = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=65536)
def _standard_fold(ch: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", ch.casefold()))


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What one character of the stored text becomes in the matching view."""
    if ch.isascii():
        return ch.lower()
    if unicodedata.category(ch) == "Cf":
        return ""
    latin = latin_lookalike(ch)
    return fold(latin if latin is not None else ch).translate(_PUNCTUATION)


@dataclass(frozen=True)
class View:
    """The folded text and the way back to offsets in the stored text."""

    text: str  # the stored text
    folded: str
    # For each character that does not fold to exactly one: its offset in
    # ``text``, where its output starts in ``folded``, and the output's length.
    _orig: tuple[int, ...] = field(default=(), repr=False)
    _at: tuple[int, ...] = field(default=(), repr=False)
    _after: tuple[int, ...] = field(default=(), repr=False)  # _at + length
    _shift: tuple[int, ...] = field(default=(), repr=False)  # sum of (length - 1) so far

    def start(self, i: int) -> int:
        """Offset in the stored text of the character that gave folded[i]."""
        if not self._orig:
            return i
        k = bisect_right(self._after, i)  # irregular characters wholly before i
        if k < len(self._orig) and self._at[k] <= i < self._after[k]:
            return self._orig[k]  # inside the expansion of one character (ß -> ss)
        return i - (self._shift[k - 1] if k else 0)

    def end(self, j: int) -> int:
        """Offset in the stored text just after the character that gave folded[j - 1],
        and after the combining marks that belong to it (e + U+0308 is one ë)."""
        if j <= 0:
            return 0
        if not self._orig:  # no character folds to none or several: no combining marks
            return j
        e = self.start(j - 1) + 1
        while e < len(self.text) and unicodedata.category(self.text[e])[0] == "M":
            e += 1
        return e

    def to_folded(self, p: int) -> int:
        """Offset in ``folded`` where the output of stored character p starts."""
        if not self._orig:
            return p
        k = bisect_left(self._orig, p)  # irregular characters before p
        return p + (self._shift[k - 1] if k else 0)

    def span(self, s: int, e: int) -> tuple[int, int]:
        """The stored-text span of folded[s:e] (s < e)."""
        return self.start(s), self.end(e)


def view(text: str) -> View:
    """The matching view of ``text`` (see the module docstring)."""
    table = {}
    irregular = []
    standard = True  # every character folds as casefold + NFKD - combining marks would
    for ch in set(text):
        f = fold_char(ch)
        if f != ch:
            table[ord(ch)] = f
            if standard and not ch.isascii() and f != _standard_fold(ch):
                standard = False
        if len(f) != 1:
            irregular.append(ch)
    if not table:
        folded = text
    elif standard and not irregular:  # the same result, faster than translate on long texts
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    else:
        folded = text.translate(table)
    if not irregular:
        return View(text, folded)
    orig: list[int] = []
    at: list[int] = []
    after: list[int] = []
    shift: list[int] = []
    total = 0
    pattern = re.compile("[" + "".join(re.escape(c) for c in irregular) + "]")
    for m in pattern.finditer(text):
        p = m.start()
        n = len(table[ord(text[p])])
        orig.append(p)
        at.append(p + total)
        after.append(p + total + n)
        total += n - 1
        shift.append(total)
    return View(text, folded, tuple(orig), tuple(at), tuple(after), tuple(shift))
