"""Finding the passage of the sources that a quotation comes from.

All source texts (withdrawn participants' too) are held once, in comparison
form, joined into one string with ``\\x00`` between sources. A quotation is
looked for in three steps, fastest first:

1. exact: its text as it stands, character for character (``str.find``);
2. faithful: its literal segments in order in one source, each found by
   ``str.find`` on the lower-cased corpus, with ``[…]`` standing for any
   passage (up to ``OMIT_MAX`` characters) and ``[words]`` for a few words;
3. fuzzy: the sources sharing most of its words (SQLite FTS5, bm25) and the
   attributed participant's sources are aligned with
   ``rapidfuzz.fuzz.partial_ratio_alignment``; the best passage scoring at
   least ``ALTERED_MIN`` is the source of an altered quotation.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from vos_coder.verify.quotetext import Compared, Pieces, compare_form, split_marks

OMIT_MAX = 4000  # characters a […] may stand for
INSERT_MAX = 120  # characters a [bracketed insertion] may replace
ALTERED_MIN = 70.0  # rapidfuzz score (0-100) below which a quotation is "not found"
WORDS_MIN = 0.5  # share of words in common (difflib ratio) below which it is "not found"
MAX_HITS = 200  # occurrences of a segment examined
CANDIDATES = 6  # sources aligned in the fuzzy step
SEP = "\x00"


@dataclass(frozen=True)
class SourceInfo:
    id: int
    participant: str
    consent: str  # "active" | "withdrawn"
    group: str
    attribution: str  # "identifier" | "anonymous"
    label: str  # how an anonymous group is attributed
    title: str = ""  # the source's title


@dataclass(frozen=True)
class Match:
    """Where a quotation was found: a span of one source."""

    source: SourceInfo
    start: int  # code points into the source text
    end: int
    how: str  # "exact" | "faithful" | "fuzzy"
    score: float  # 100 for exact and faithful
    passage: str  # the source text of the span
    # word level: (op, source words, draft words); op is a difflib opcode, or
    # "mark" for the draft's own […] or [words] between two segments
    diff: tuple[tuple[str, str, str], ...] = ()

    def diff_text(self) -> str:
        """The word-level differences, wdiff style: ``[-source-] {+draft+}``."""
        out: list[str] = []
        for op, src, draft in self.diff:
            if op == "equal":
                out.append(src)
            elif op == "mark":
                out.append(draft)
            else:
                if src:
                    out.append(f"[-{src}-]")
                if draft:
                    out.append(f"{{+{draft}+}}")
        return " ".join(out)


class Corpus:
    """Every source of a project, ready for matching many quotations."""

    def __init__(self, sources: list[tuple[SourceInfo, str]]) -> None:
        self.infos = [info for info, _ in sources]
        self.raw_texts = [text for _, text in sources]
        self.forms = [Compared.of(text) for text in self.raw_texts]
        self.starts: list[int] = []
        self.raw_starts: list[int] = []
        pos = raw = 0
        for form, text in zip(self.forms, self.raw_texts):
            self.starts.append(pos)
            self.raw_starts.append(raw)
            pos += len(form.text) + 1
            raw += len(text) + 1
        self.text = SEP.join(f.text for f in self.forms)
        self.raw = SEP.join(self.raw_texts)
        low = self.text.lower()
        if len(low) != len(self.text):  # a letter whose lower case is longer (İ): keep it
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
        self.low = low
        self.by_id = {info.id: i for i, info in enumerate(self.infos)}

    # -- positions ------------------------------------------------------------
    def _source_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def _span(self, index: int, start: int, end: int, how: str, score: float = 100.0,
              diff: tuple = ()) -> Match:
        """A match from comparison-form offsets (global) to original offsets."""
        form = self.forms[index]
        s = form.original(start - self.starts[index])
        e = form.original(end - self.starts[index])
        text = self.raw_texts[index]
        return Match(self.infos[index], s, e, how, score, text[s:e], diff)

    # -- step 1 ---------------------------------------------------------------
    def exact(self, quote: str) -> list[Match]:
        """Every place the quotation stands character for character."""
        out: list[Match] = []
        at = self.raw.find(quote)
        while at != -1 and len(out) < MAX_HITS:
            i = bisect_right(self.raw_starts, at) - 1
            s = at - self.raw_starts[i]
            out.append(Match(self.infos[i], s, s + len(quote), "exact", 100.0, quote))
            at = self.raw.find(quote, at + 1)
        return out

    # -- step 2 ---------------------------------------------------------------
    def _same(self, pos: int, seg: str) -> bool:
        """The segment at ``pos`` matches exactly, but for the case of its first letter."""
        return self.text.startswith(seg[1:], pos + 1) and self.low[pos] == seg[0].lower()

    def _find(self, seg: str, lo: int, hi: int, backwards: bool = False) -> int:
        low = seg.lower()
        hi = min(hi, len(self.low))
        stop = self.low.find(SEP, lo, hi) if not backwards else self.low.rfind(SEP, lo, hi)
        if stop != -1:
            lo, hi = (lo, stop) if not backwards else (stop + 1, hi)
        at = self.low.rfind(low, lo, hi) if backwards else self.low.find(low, lo, hi)
        while at != -1:
            if self._same(at, seg):
                return at
            at = self.low.rfind(low, lo, at + len(low) - 1) if backwards else \
                self.low.find(low, at + 1, hi)
        return -1

    def faithful(self, pieces: Pieces) -> list[Match]:
        """Every place the quotation's segments stand in order in one source."""
        segs, gaps = pieces.segments, pieces.gaps
        if not segs:
            return []
        k = max(range(len(segs)), key=lambda j: len(segs[j]))
        anchor = segs[k]
        out: list[Match] = []
        seen = 0
        at = self.low.find(anchor.lower())
        while at != -1 and seen < MAX_HITS:
            seen += 1
            if self._same(at, anchor):
                span = self._around(at, k, segs, gaps)
                if span:
                    end = span[1]
                    if pieces.tail and end < len(self.text) and self.text[end] in ".,;:!?":
                        end += 1  # the source's own closing mark belongs to the passage
                    out.append(self._span(self._source_at(at), span[0], end, "faithful"))
            at = self.low.find(anchor.lower(), at + 1)
        return out

    def _around(self, at: int, k: int, segs: tuple[str, ...], gaps: tuple[str, ...]) -> tuple[int, int] | None:
        first, end = at, at + len(segs[k])
        for j in range(k + 1, len(segs)):
            room = OMIT_MAX if gaps[j - 1] == "omit" else INSERT_MAX
            found = self._find(segs[j], end, end + room + len(segs[j]) + 1)
            if found == -1:
                return None
            end = found + len(segs[j])
        for j in range(k - 1, -1, -1):
            room = OMIT_MAX if gaps[j] == "omit" else INSERT_MAX
            found = self._find(segs[j], max(0, first - room - len(segs[j]) - 1), first, backwards=True)
            if found == -1:
                return None
            first = found
        return first, end

    # -- step 3 ---------------------------------------------------------------
    def fuzzy(self, pieces: Pieces, candidates: list[int], prefer: str | None) -> Match | None:
        """The best-aligned passage among the candidate sources, if good enough."""
        segs = pieces.segments
        if not segs:
            return None
        k = max(range(len(segs)), key=lambda j: len(segs[j]))
        best: tuple[float, int, int, int] | None = None  # score, index, start, end
        for sid in dict.fromkeys(candidates):
            i = self.by_id.get(sid)
            if i is None:
                continue
            lo = self.starts[i]
            hay = self.low[lo:lo + len(self.forms[i].text)]
            al = fuzz.partial_ratio_alignment(segs[k].lower(), hay, score_cutoff=50)
            if al is None:
                continue
            score = al.score + (0.5 if prefer and self.infos[i].participant == prefer else 0)
            if best is None or score > best[0]:
                best = (score, i, lo + al.dest_start, lo + al.dest_end)
        if best is None:
            return None
        _, i, a_start, a_end = best
        spans: dict[int, tuple[int, int, float]] = {k: (a_start, a_end, best[0])}
        lo, hi = self.starts[i], self.starts[i] + len(self.forms[i].text)
        for j, seg in enumerate(segs):
            if j == k:
                continue
            near = (max(lo, a_start - OMIT_MAX), a_start) if j < k else (a_end, min(hi, a_end + OMIT_MAX))
            al = fuzz.partial_ratio_alignment(seg.lower(), self.low[near[0]:near[1]])
            if al is None or al.score < 50:
                spans[j] = (near[0], near[0], 0.0)
            else:
                spans[j] = (near[0] + al.dest_start, near[0] + al.dest_end, al.score)
        total = sum(len(s) for s in segs)
        score = min(100.0, sum(spans[j][2] * len(s) for j, s in enumerate(segs)) / total)
        if score < ALTERED_MIN:
            return None
        start = min(s for s, e, _ in spans.values() if e > s)
        end = max(e for s, e, _ in spans.values() if e > s)
        start, end = self._widen(start, end)
        diff = self._diff(segs, [spans[j] for j in range(len(segs))], pieces.gap_marks)
        if word_ratio(diff) < WORDS_MIN:
            return None
        return self._span(i, start, end, "fuzzy", round(score, 1), diff)

    def _widen(self, start: int, end: int) -> tuple[int, int]:
        """Stretch a span to whole words."""
        while start > 0 and self.text[start - 1].isalnum():
            start -= 1
        while end < len(self.text) and self.text[end].isalnum():
            end += 1
        return start, end

    def _diff(self, segs: tuple[str, ...], spans: list[tuple[int, int, float]],
              marks: tuple[str, ...]) -> tuple:
        ops: list[tuple[str, str, str]] = []
        for j, (seg, (s, e, _)) in enumerate(zip(segs, spans)):
            if j:  # the draft's own […] or [words] between two segments
                ops.append(("mark", "", marks[j - 1] if j - 1 < len(marks) else "[…]"))
            s, e = self._widen(s, e) if e > s else (s, e)
            src, draft = self.text[s:e].split(), seg.split()
            sm = difflib.SequenceMatcher(None, src, draft, autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                ops.append((op, " ".join(src[i1:i2]), " ".join(draft[j1:j2])))
        return tuple(ops)


def word_ratio(diff: tuple[tuple[str, str, str], ...]) -> float:
    """The share of words a word-level diff keeps (difflib's ratio, 0-1)."""
    same = sum(len(src.split()) for op, src, _ in diff if op == "equal")
    total = sum(len(src.split()) + len(draft.split()) for op, src, draft in diff
                if op not in ("equal", "mark")) + 2 * same
    return 2 * same / total if total else 0.0


def match_quote(corpus: Corpus, quote: str, identifier: str | None,
                candidates: Callable[[], list[int]]) -> Match | None:
    """The source passage of one quotation, preferring the attributed
    participant's sources and active participants, or None. ``candidates``
    is asked for source ids only when the fuzzy step is needed."""

    def best(matches: list[Match]) -> Match | None:
        if not matches:
            return None
        return max(matches, key=lambda m: (m.source.participant == identifier,
                                           m.source.consent == "active", -m.source.id))

    pieces = split_marks(quote)
    exact = [] if pieces.marked else corpus.exact(quote)
    if any(m.source.participant == identifier for m in exact):
        return best(exact)
    faithful = corpus.faithful(pieces)
    if any(m.source.participant == identifier for m in faithful):
        return best(faithful)
    found = best(exact) or best(faithful)
    if found:
        return found
    ids = list(candidates())
    ids += [info.id for info in corpus.infos if identifier and info.participant == identifier]
    return corpus.fuzzy(pieces, ids, identifier)


def words_of(quote: str) -> list[str]:
    """The distinct words of a quotation (without its marks), longest first,
    to ask the full-text index for candidate sources."""
    pieces = split_marks(quote)
    words = dict.fromkeys(w.lower() for w in re.findall(r"\w{3,}", compare_form(pieces.words)))
    return sorted(words, key=len, reverse=True)
