"""Display-text rules for quotes, and the check that a display text is faithful.

A display text is a passage as a report prints it. Apart from two marks, it
must say what the source says:

- ``[…]`` (or ``[...]``): words left out, inside or at the start of a quote;
- ``[words]``: words the author added for sense, e.g. ``[should]``, ``[the police]``.

Every other word must appear in the source, in order. Between two words with
no mark in between, nothing may be left out: a silent cut is unfaithful. The
text may start and end anywhere in the passage. Words are compared ignoring
case and punctuation (a capital after ``[…]`` is fine).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vos_coder.errors import UnfaithfulQuote

OMISSION = "[…]"
_MARK = re.compile(r"\[([^\[\]]*)\]")
_OMISSION_BODY = re.compile(r"^\s*(?:…|\.\s?\.\s?\.)\s*$")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_WS = re.compile(r"\s+")


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


@dataclass(frozen=True)
class Word:
    """One word of a text and where it is (code points into that text)."""

    key: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of a text with their offsets (punctuation is not a word)."""
    return [Word(_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Run:
    """Words of the display text with no mark between them: they must follow
    one another in the source. ``gap_before``: a mark precedes the run."""

    words: tuple[Word, ...]
    gap_before: bool


def runs(display: str) -> list[Run]:
    """Split a display text at its marks into runs of quoted words."""
    out: list[Run] = []
    pos, gap = 0, False
    for m in _MARK.finditer(display):
        chunk = words(display[pos:m.start()])
        if chunk:
            out.append(Run(tuple(Word(w.key, w.start + pos, w.end + pos) for w in chunk), gap))
        gap = True  # every run after the first mark follows a mark
        pos = m.end()
    chunk = words(display[pos:])
    if chunk:
        out.append(Run(tuple(Word(w.key, w.start + pos, w.end + pos) for w in chunk), gap))
    return out


def normalise_marks(display: str) -> str:
    """``[...]`` and ``[ … ]`` become ``[…]``; whitespace collapses to one space."""
    text = _MARK.sub(lambda m: OMISSION if _OMISSION_BODY.match(m.group(1)) else m.group(0), display)
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _find(keys: list[str], run: tuple[str, ...], start: int) -> int:
    n = len(run)
    for i in range(start, len(keys) - n + 1):
        if tuple(keys[i:i + n]) == run:
            return i
    return -1


def _subsequence(keys: list[str], wanted: tuple[str, ...], start: int) -> bool:
    """True when ``wanted`` occurs in ``keys[start:]`` in order, gaps allowed."""
    it = iter(keys[start:])
    return all(any(k == w for k in it) for w in wanted)


def _excerpt(text: str, start: int, end: int, width: int) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    body = _WS.sub(" ", text[a:b]).strip()
    return ("…" if a > 0 else "") + body + ("…" if b < len(text) else "")


def departure(source: str, display: str) -> str | None:
    """Why ``display`` is not faithful to ``source``, or None when it is.

    The message names the first display word that departs and shows the
    closest stretch of the source (found by rapidfuzz alignment)."""
    if "[" in _MARK.sub("", display) or "]" in _MARK.sub("", display):
        return "a square bracket is not closed; write omissions as […] and additions as [word]"
    parts = runs(display)
    if not parts:
        return "the display text has no words from the source"
    src = words(source)
    keys = [w.key for w in src]
    pos = 0  # the next source word the display may use
    for run in parts:
        wanted = tuple(w.key for w in run.words)
        at = _find(keys, wanted, pos)
        if at != -1:
            pos = at + len(wanted)
            continue
        # How far does the run match, and where? Point at the first departing word.
        best_len, best_at = 0, pos
        for i in range(pos, len(keys)):
            n = 0
            while n < len(wanted) and i + n < len(keys) and keys[i + n] == wanted[n]:
                n += 1
            if n > best_len:
                best_len, best_at = n, i
        bad = run.words[min(best_len, len(run.words) - 1)]
        shown = _excerpt(display, bad.start, bad.end, 25)
        nxt = best_at + best_len
        if best_len and _subsequence(keys, wanted[best_len:], nxt):
            cut_end = nxt
            while cut_end < len(keys) and keys[cut_end] != wanted[best_len]:
                cut_end += 1
            left_out = source[src[nxt].start:src[cut_end - 1].end]
            return (f"words are left out without […] before {display[bad.start:bad.end]!r} "
                    f"(in {shown!r}): the source has {left_out!r} there; mark the cut with […]")
        where = ""
        if best_len and nxt < len(src):
            where = f"; the source continues with {source[src[nxt].start:src[nxt].end]!r}"
        rest = source[src[pos].start:] if pos < len(src) else ""
        if rest:
            from rapidfuzz import fuzz  # only to explain a departure

            run_text = display[run.words[0].start:run.words[-1].end]
            al = fuzz.partial_ratio_alignment(run_text.casefold(), rest.casefold())
            if al is not None and al.score >= 50:
                offset = src[pos].start
                where += "; closest in the source: " + repr(
                    _excerpt(source, offset + al.dest_start, offset + al.dest_end, 10))
        return (f"the display text departs from the source at {display[bad.start:bad.end]!r} "
                f"(in {shown!r}){where}; mark omissions with […] and your own words with [brackets]")
    return None


def check_display_text(source: str, display: str) -> str:
    """The display text with its marks normalised, or UnfaithfulQuote."""
    text = normalise_marks(display)
    problem = departure(source, text)
    if problem:
        raise UnfaithfulQuote(problem)
    return text


def printed_text(text: str, display_text: str | None) -> str:
    """What a report prints for a quote: the display text if set, else the
    passage on one line."""
    return _WS.sub(" ", display_text if display_text else text).strip()


def quote_label(number: int | None) -> str:
    """``Q-017`` for quote number 17."""
    return f"Q-{number:03d}" if number else ""


def parse_quote_ref(ref: str | int) -> int:
    """``Q-017``, ``q17`` or ``17`` -> 17; anything else is None-like (-1)."""
    s = str(ref).strip()
    m = re.fullmatch(r"(?i)q-?0*(\d+)|0*(\d+)", s)
    if not m:
        return -1
    return int(m.group(1) or m.group(2))
