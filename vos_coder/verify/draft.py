"""Finding the quotations in a report draft, each with the identifier near it.

A quotation is
- a block quotation: a quote-styled or indented Word paragraph, a Markdown
  ``>`` blockquote, an indented text paragraph, an HTML ``<blockquote>``;
- text inside quotation marks in an ordinary paragraph: “curly”, "straight",
  „low-high“, «guillemets», ‘single curly’ (straight single quotes are left
  alone: they are apostrophes far more often), or an HTML ``<q>``. Inline
  quotations shorter than ``MIN_INLINE_WORDS`` words are taken for scare
  quotes or titles and skipped, unless they fill their paragraph or are a ``<q>``.

Its identifier (``VoS-AL-04``) is the one right after it (``“…” (VoS-AL-04)``),
or on the line after a quotation that stands on its own (the report style),
or just before it (``VoS-AL-04 said: “…”``). A run of block paragraphs shares
the identifier that follows the run. A short line in parentheses or after a
dash without an identifier (``(a surveyed frontline worker)``) is an anonymous
attribution: the quotations above it carry no identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from vos_coder.core.ids import COUNTRIES, IdScheme
from vos_coder.verify.formats import Q_CLOSE, Q_OPEN, Paragraph, read_draft

MIN_INLINE_WORDS = 4
NEAR = 80  # characters around an inline quotation searched for its identifier

_OPENERS = "“\"„«»‘" + Q_OPEN
_CLOSERS = "”\"“»«’" + Q_CLOSE
_INLINE = re.compile(
    "\ue000(?P<q>.+?)\ue001"
    "|“(?P<c>[^“”]+?)[”“]"
    "|„(?P<g>[^„“”]+?)[“”]"
    "|«\\s?(?P<f>[^«»]+?)\\s?»"
    "|»(?P<f2>[^«»]+?)«"
    '|"(?P<s>[^"]+?)"'
    "|(?<!\\w)‘(?P<u>.+?)’(?!\\w)"
)
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-Z\u201c\"])")
_ATTRIBUTION = re.compile(r"^\s*(?:\((?P<p>[^()]{1,120})\)|[—–-]\s*(?P<d>.{1,120}?))\s*\.?\s*$")


@dataclass(frozen=True)
class DraftQuote:
    """One quotation as the draft gives it."""

    n: int  # 1-based, in draft order
    text: str  # as written, without its enclosing quotation marks
    identifier: str | None  # the participant identifier near it, if any
    where: str  # "paragraph 12", "line 30"
    block: bool  # a block quotation (or a quotation filling its paragraph)
    attribution: str = ""  # an anonymous attribution line, e.g. "a surveyed frontline worker"


def id_pattern(scheme: IdScheme) -> re.Pattern[str]:
    """The project's identifier pattern, widened to every country the study
    knows, so that a quote attributed to a participant from elsewhere is still
    read as attributed (and then checked)."""
    countries = tuple(dict.fromkeys((*scheme.countries, *COUNTRIES)))
    return IdScheme(scheme.study, countries).pattern


def read_quotes(path: Path, scheme: IdScheme) -> list[DraftQuote]:
    """Every quotation in the draft at ``path``, in order."""
    return extract_quotes(read_draft(path), scheme)


def _strip_marks(text: str) -> str:
    text = text.replace(Q_OPEN, "").replace(Q_CLOSE, "").strip()
    if text[:1] in _OPENERS:
        text = text[1:].lstrip()
    if text[-1:] in _CLOSERS:
        text = text[:-1].rstrip()
    # A closing mark before the final full stop: “…”.
    if len(text) > 1 and text[-1] in ".," and text[-2] in _CLOSERS:
        text = text[:-2].rstrip()
    return text


def _body(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


class _Extractor:
    def __init__(self, scheme: IdScheme) -> None:
        self.ids = id_pattern(scheme)
        core = self.ids.pattern
        self.id_only = re.compile(rf"[\s()\[\]–—\-.,;:]*({core})[\s()\[\]–—\-.,;:]*")
        self.id_tail = re.compile(rf"[\s(\[–—\-,]*({core})[\s)\]]*[.,;]?\s*$")
        self.quotes: list[DraftQuote] = []
        self.pending: list[int] = []  # indexes of standalone quotations still without identifier

    def add(self, text: str, ident: str | None, where: str, block: bool) -> int | None:
        text = text.strip()
        if not re.search(r"\w", text):
            return None
        self.quotes.append(DraftQuote(len(self.quotes) + 1, text, ident, where, block))
        return len(self.quotes) - 1

    def settle(self, ident: str | None, attribution: str = "") -> None:
        for i in self.pending:
            self.quotes[i] = replace(self.quotes[i], identifier=ident, attribution=attribution)
        self.pending = []

    def attribution_line(self, text: str) -> tuple[bool, str | None, str]:
        """(is an attribution line, identifier, anonymous label)."""
        only = self.id_only.fullmatch(text)
        if only:
            return True, only.group(1), ""
        m = _ATTRIBUTION.match(text)
        if m and len(text.split()) <= 12 and not _INLINE.search(text):
            label = (m.group("p") or m.group("d") or "").strip()
            found = self.ids.search(label)
            return True, (found.group(0) if found else None), "" if found else label
        return False, None, ""

    def paragraph(self, para: Paragraph) -> None:
        text = para.text
        is_attr, ident, label = self.attribution_line(text.replace(Q_OPEN, "").replace(Q_CLOSE, ""))
        if is_attr:
            self.settle(ident, label)
            return
        if para.block:
            self.block(para)
        else:
            self.inline(para)

    def block(self, para: Paragraph) -> None:
        text = para.text
        tail = self.id_tail.search(text)
        ident = tail.group(1) if tail else None
        if tail:
            text = text[:tail.start()]
        i = self.add(_strip_marks(text), ident, para.where, True)
        if i is None:
            return
        if ident:
            self.settle(ident)
        else:
            self.pending.append(i)

    def inline(self, para: Paragraph) -> None:
        text = para.text
        matches = list(_INLINE.finditer(text))
        used_to = 0  # identifiers before this offset belong to an earlier quotation
        waiting = False  # this paragraph is a quotation that waits for an identifier line
        for k, m in enumerate(matches):
            body = _body(m)
            rest = (text[:m.start()] + " " + text[m.end():])
            standalone = not re.search(r"\w", self.ids.sub("", rest))
            if m.group("q") is None and not standalone and len(body.split()) < MIN_INLINE_WORDS:
                continue
            nxt = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            ident = None
            stop = _SENTENCE_END.search(text, m.end())  # the identifier is in the same sentence
            limit = min(nxt, m.end() + NEAR, stop.start() + 1 if stop else len(text))
            after = self.ids.search(text, m.end(), limit)
            if after:
                ident, used_to = after.group(0), after.end()
            else:
                before = list(self.ids.finditer(text, max(used_to, m.start() - NEAR), m.start()))
                if before:
                    ident, used_to = before[-1].group(0), before[-1].end()
            i = self.add(_strip_marks(body), ident, para.where, standalone)
            if i is None:
                continue
            if standalone and ident is None:
                self.pending.append(i)
                waiting = True
            elif standalone:
                self.settle(ident)
        if not waiting:
            # ordinary prose ends a run of quotations waiting for an identifier line
            self.pending = []

def extract_quotes(paragraphs: list[Paragraph], scheme: IdScheme) -> list[DraftQuote]:
    """The quotations of parsed paragraphs, each with its nearby identifier."""
    ex = _Extractor(scheme)
    for para in paragraphs:
        ex.paragraph(para)
    return ex.quotes
