"""The identifier matcher behind pseudonymisation and the disclosure check:
an index from the words of a text to the identifier terms they can match.

Comparing every identifier with every word (500 identifiers x a million
words) is what made the check take minutes. Here each *distinct* word of the
text (its vocabulary, a few thousand words however long the text) is looked
up once in an ``Index`` built once per identifier list: exact and inflected
forms by dictionary lookup, typing errors with rapidfuzz's ``process.extract``
over the identifier terms that share the word's first letter (every kind of
match already requires that). Only the words that can match anything are
then located in the text, in one pass over its tokens, and checked in
context (the rest of a multi-word identifier, a capital letter, a part).

The rules of a match (what counts as exact, inflected, a part, a typing
error) live in pseudonymise.py; this module only finds candidates quickly and
applies those rules to them. Words are compared in the matching view of
normalise.py (invisible characters dropped, look-alike letters mapped), and a
match is reported on the stored text's offsets.

Tokens are runs of letters and digits. An identifier holding a digit (a case
number ``KR-114/2019``, a date, ``Rruga Myslym Shyri 12``) matches token by
token, digits exactly (leading zeros aside: 03 = 3), with a separator
(``-``, ``/``, ``.``, a space each side at most) wherever the identifier has
one, whichever separator it is; where a letter meets a digit the separator
may also be a space or left out (``KR 114/2019``, ``KR114/2019``). Any match that falls inside a run joined by separators that holds a digit
(``2019/114-KR``) is widened to the whole run, so no piece of it is left
beside the placeholder; a match it then overlaps joins it (``12.03.2005-Teuta
Kola`` is one match, not the date with "Kola" left behind).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from vos_coder.privacy import pseudonymise as rules
from vos_coder.privacy.normalise import View, view

TOKEN = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
_SEPARATORS = frozenset("-/.")
_DIGIT = re.compile(r"\d")
_BASE_PLACEHOLDERS = ("NAME", "TOWN", "SCHOOL", "ORGANISATION", "REDACTED")


@lru_cache(maxsize=64)
def placeholder_pattern(custom: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The placeholders vos-coder itself writes: ``[NAME-1]``, ``[TOWN]``,
    ``[REDACTED-3]``, the detectors' ``[PHONE]``, ``[DATE OF BIRTH]``..., and
    the replacements of the identifier list (``custom``). Nothing else in
    square brackets is a placeholder: ``[KLODIAN]`` in a text is checked."""
    from vos_coder.privacy.detectors import PATTERNS  # detectors import this package's Match

    fixed = [re.escape(p) for p, _ in PATTERNS.values()]
    fixed += [re.escape(c) for c in custom if c]
    numbered = "|".join(_BASE_PLACEHOLDERS)
    return re.compile(rf"\[(?:{numbered})(?:-\d+)?\]" + "".join(f"|{f}" for f in fixed))


def _has_digit(s: str) -> bool:
    """Whether a token (letters and digits only) holds a digit."""
    return not s.isalpha()


class Index:
    """One identifier list, prepared for many texts: its terms by first letter,
    and a memo of what each word seen so far can match."""

    def __init__(self, prepared: Sequence[rules.Prepared]):
        self.prepared = list(prepared)
        self.placeholders = placeholder_pattern(
            tuple(sorted({p.ident.placeholder for p in self.prepared})))
        self.first: dict[str, list[int]] = defaultdict(list)  # term -> identifiers (tokens[0])
        self.part: dict[str, list[int]] = defaultdict(list)  # term -> identifiers (a part)
        self.numbers: dict[str, list[int]] = defaultdict(list)  # 3 -> identifiers starting 03
        for n, p in enumerate(self.prepared):
            self.first[p.tokens[0]].append(n)
            # KR114/2019: tokens the list separates at a letter/digit edge, typed as one
            for j in range(1, len(p.tokens)):
                if not rules._edge(p.tokens[j - 1], p.tokens[j]):
                    break
                self.first["".join(p.tokens[:j + 1])].append(n)
            if p.tokens[0].isdigit():
                self.numbers[p.tokens[0].lstrip("0") or "0"].append(n)
            for t in p.parts:
                self.part[t].append(n)
        self.terms = set(self.first) | set(self.part)
        # stems an inflected word can be built on (Ardita -> ardit + ës)
        self.stems: dict[str, set[str]] = defaultdict(set)
        # strings a misspelt word (or its stem) is compared with, by first letter
        fuzzy: dict[str, set[str]] = defaultdict(set)
        self.fuzzy_of: dict[str, set[str]] = defaultdict(set)  # compared string -> terms
        for t in self.terms:
            if _has_digit(t):
                continue
            self.stems[t].add(t)
            if len(t) >= 3 and t[-1] in rules.STEM_VOWELS:  # Ema -> Emës (SHORT_ENDINGS)
                self.stems[t[:-1]].add(t)
            if len(t) >= rules.FUZZY_MIN_LEN:
                for s in {t, t[:-1] if t[-1] in rules.STEM_VOWELS else t}:
                    fuzzy[t[0]].add(s)
                    self.fuzzy_of[s].add(t)
        self.fuzzy = {c: sorted(v) for c, v in fuzzy.items()}
        # Multi-word identifiers typed with a moved space or hyphen ("FusnëK-rujë",
        # "ArditaHoxha"): the first word of such a run resembles a prefix (3+
        # letters) of the joined identifier.
        self.joined = ["".join(p.tokens) for p in self.prepared]
        self.tails: dict[str, list[int]] = defaultdict(list)
        prefixes: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for n, p in enumerate(self.prepared):
            joined = self.joined[n]
            if len(p.tokens) > 1 and len(joined) >= rules.FUZZY_MIN_LEN and not _has_digit(joined):
                # a moved space or hyphen leaves the first word about as long as the
                # identifier's first word: Fushë-Krujë as "FushëK-rujë", "Fush-ëKrujë"
                shortest = max(3, len(p.tokens[0]) - _allowed(joined))
                for size in range(shortest, len(joined) + 1):
                    prefixes[joined[0]][joined[:size]].add(n)
                # or the space moved after a first word too short to look up:
                # "Ar ditaHoxha", "Ble rinaKastrati"; the rest (4+ letters) is a tail
                for size in range(1, min(shortest, len(joined) - 4) + 1):
                    self.tails[joined[size:]].append(n)
        self.prefixes = {c: (sorted(v), v) for c, v in prefixes.items()}
        self._memo: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}
        self._seen: set[str] = set()

    # -- the vocabulary ---------------------------------------------------------------
    def live(self, vocabulary: set[str]) -> dict[str, tuple]:
        """The words of a text's vocabulary that can match something, with their
        candidates (each new word looked up once, for every later text too)."""
        for w in vocabulary - self._seen:
            c = self._candidates(w)
            if c[0] or c[1] or c[2]:
                self._memo[w] = c
            self._seen.add(w)
        return {w: self._memo[w] for w in vocabulary & self._memo.keys()}

    def _terms(self, word: str) -> set[str]:
        """Identifier terms the word may match (checked by rules.token_match)."""
        terms: set[str] = set()
        if word in self.terms:
            terms.add(word)
        if _has_digit(word):
            return terms  # a token holding a digit matches only itself (03 = 3: candidates)
        for n in (1, 2, 3):
            if len(word) > n and word[-n:] in rules.SUFFIX_SET:
                terms.update(self.stems.get(word[:-n], ()))
        choices = self.fuzzy.get(word[0])
        if choices and len(word) >= rules.FUZZY_MIN_LEN - 1:
            queries = {word} | {word[:-n] for n in (1, 2, 3) if len(word) - n >=
                                rules.FUZZY_MIN_LEN - 1 and word[-n:] in rules.SUFFIX_SET}
            for q in queries:
                for s, _, _ in process.extract(q, choices, scorer=DamerauLevenshtein.distance,
                                               score_cutoff=2, limit=None):
                    terms.update(self.fuzzy_of[s])
        return terms

    def _candidates(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """(identifiers whose first token the word matches, identifiers a part of
        which it matches or whose joined form it ends, identifiers whose joined
        form it may begin)."""
        terms = [t for t in self._terms(word) if rules.token_match(word, t)]
        first = {n for t in terms for n in self.first.get(t, ())}
        if word.isdigit():  # 03 = 3 in a date or a case number
            first.update(self.numbers.get(word.lstrip("0") or "0", ()))
        part = {n for t in terms for n in self.part.get(t, ())}
        part.update(self.tails.get(word, ()))
        window: set[int] = set()
        pre = self.prefixes.get(word[0])
        if pre and len(word) >= 3 and not _has_digit(word):
            # two errors at most (window_match allows no more), however short the
            # word: "Tuetk Ola" is Teuta Kola (a cutoff of 1 under six letters
            # missed it, and kept out no false alarm in the measured texts)
            for s, d, _ in process.extract(word, pre[0], scorer=DamerauLevenshtein.distance,
                                           score_cutoff=2, limit=None):
                window.update(n for n in pre[1][s] if d <= _allowed(self.joined[n]))
        return tuple(sorted(first)), tuple(sorted(part)), tuple(sorted(window))


def _allowed(joined: str) -> int:
    return 2 if len(joined) >= rules.LONG_LEN else 1


_INDEXES: dict[tuple, Index] = {}


def index_for(prepared: rules.PreparedList) -> Index:
    """The index of one identifier list (kept for the next text with the same list)."""
    index = _INDEXES.get(prepared.key)
    if index is None:
        if len(_INDEXES) >= 16:
            _INDEXES.clear()
        index = _INDEXES[prepared.key] = Index(prepared)
    return index


class _Text:
    """One text being matched: its view and its tokens (placeholders left out)."""

    def __init__(self, text: str):
        self.text = text
        self.v: View = view(text)
        self.f = self.v.folded
        # separators and tokens alternate: [sep, word, sep, word, ..., sep]
        self.parts = _SPLIT.split(self.f)
        self.words = self.parts[1::2]
        self.starts: list[int] = []
        self.ends: list[int] = []

    def read_spans(self, index: Index) -> None:
        """Folded spans of the tokens (from the lengths of the parts, no match
        objects), leaving out those inside vos-coder's placeholders."""
        edges = list(itertools.accumulate(map(len, self.parts)))
        self.starts, self.ends = edges[0:-1:2], edges[1::2]
        masked = [(self.v.to_folded(m.start()), self.v.to_folded(m.end()))
                  for m in index.placeholders.finditer(self.text)]
        if masked:
            keep = [i for i, s in enumerate(self.starts) if not any(a <= s < b for a, b in masked)]
            self.words = [self.words[i] for i in keep]
            self.starts = [self.starts[i] for i in keep]
            self.ends = [self.ends[i] for i in keep]

    def token(self, i: int) -> tuple[str, int, int, int, int]:
        """(word, stored start, stored end, folded start, folded end) of token i."""
        fs, fe = self.starts[i], self.ends[i]
        s, e = self.v.span(fs, fe)
        return self.words[i], s, e, fs, fe

    def run(self, i: int, j: int) -> list[tuple[str, int, int, int, int]]:
        return [self.token(x) for x in range(max(0, i), min(j, len(self.words)))]


def find(text: str, index: Index) -> list[rules.Match]:
    """Every occurrence of the index's identifiers in text (non-overlapping,
    best first: a whole multi-word match beats a part, exact beats fuzzy)."""
    t = _Text(text)
    live = index.live(set(t.words))
    if not live:
        return []
    t.read_spans(index)
    found: list[tuple[float, int, rules.Match]] = []
    prepared = index.prepared
    for i in itertools.compress(range(len(t.words)), map(live.__contains__, t.words)):
        word, s0, e0, _, _ = t.token(i)
        first, part, window = live[word]
        run: list[tuple[str, int, int, int, int]] = []
        for n in sorted(set(first + part + window)) if len(first) + len(part) + len(window) > 1 \
                else first + part + window:
            p = prepared[n]
            k = len(p.tokens)
            if k > 1:
                end = _reach(t.words, i, k, index.joined[n])
                if i + len(run) < end:
                    run = t.run(i, end)
                whole = rules.whole_match(p, run, t.f, text) if n in first else None
                if whole and whole[2].how == "exact":
                    found.append(whole)
                    continue
                # a word misspelt, or the name in pieces ("Ardita Hox h a"): the closer
                win = rules.window_match(p, run, text) if n in window else None
                if whole or win:
                    found.append(max((h for h in (whole, win) if h), key=lambda h: h[0]))
                    continue
                if n in part:  # a later word intact, the first one misspelt: "Fsë-Krujë"
                    win = _window_before(t, p, index.joined[n], i, run)
                    if win:
                        found.append(win)
                        continue
            if n in first or n in part:
                single = rules.single_match(p, word, s0, e0, text)
                if single:
                    found.append(single)
    matches = _union(text, [_widen(t, x) for x in rules.non_overlapping(found)])
    from vos_coder.privacy.lexicon import is_advisory

    # Each word is judged on its own before neighbours join: a joined match is
    # advisory only when all its words are ("mirë mirë" near Mira stays a word;
    # "drita Kola" is a name).
    matches = [replace(x, advisory=True) if is_advisory(text, x) else x for x in matches]
    return rules.keep_punctuation(text, rules.join_neighbours(text, matches))


def _reach(words: list[str], i: int, k: int, joined: str) -> int:
    """Where the run of tokens from token i that an identifier of k words
    (joined: its letters) can need ends: k tokens for a whole match, and as
    many more as its letters allow for a window ("Ar di ta Hoxha")."""
    room = len(joined) + _allowed(joined)
    j = i
    while j < len(words) and (j - i < k or room >= len(words[j])):
        room -= len(words[j])
        j += 1
    return j


def _window_before(t: _Text, p: rules.Prepared, joined: str, i: int, run: list):
    """A window that starts one or more words before a part of p (token i), as
    many words back as the identifier's letters allow: the closest to the
    identifier, of two as close the one that starts nearer ("A Ar di ta
    Hoxha": the question word stays)."""
    room = len(joined) + _allowed(joined) - len(t.words[i])
    j = i
    while j > 0 and room >= len(t.words[j - 1]):
        j -= 1
        room -= len(t.words[j])
    if not any(w[0] == joined[0] for w in t.words[j:i]):
        return None
    before = t.run(j, i)
    wins = [rules.window_match(p, before[-w:] + run, t.text) for w in range(1, len(before) + 1)]
    return max((h for h in wins if h), key=lambda h: h[0], default=None)


def _union(text: str, matches: list[rules.Match]) -> list[rules.Match]:
    """Matches that overlap once widened become one covering both: a date
    widened over "12.03.2005-Teuta" and the name "Teuta Kola" beside it. Keeping
    only one would leave "Kola" (or the date) in the text. The longer one gives
    the placeholder."""
    out: list[rules.Match] = []
    for m in sorted(matches, key=lambda x: x.start):
        a = out[-1] if out else None
        if a is not None and m.start < a.end:
            keep = a if a.end - a.start >= m.end - m.start else m
            end = max(a.end, m.end)
            out[-1] = replace(keep, start=a.start, end=end, text=text[a.start:end])
        else:
            out.append(m)
    return out


_COMPOUND_EDGE = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*")


def _widen(t: _Text, m: rules.Match) -> rules.Match:
    """A match inside a run of tokens joined by - / . that holds a digit
    (``2019/114-KR``) is widened to the whole run."""
    f, v = t.f, t.v
    fs, fe = v.to_folded(m.start), v.to_folded(m.end)
    if not (fs > 0 and f[fs - 1] in _SEPARATORS or fe < len(f) and f[fe] in _SEPARATORS):
        return m
    lo = fs
    while lo > 0 and (f[lo - 1].isalnum() or f[lo - 1] in _SEPARATORS):
        lo -= 1
    for c in _COMPOUND_EDGE.finditer(f, lo, len(f)):
        s, e = v.span(c.start(), c.end())
        if s <= m.start and e >= m.end and (s, e) != (m.start, m.end) and _DIGIT.search(c.group()) \
                and any(ch in _SEPARATORS for ch in c.group()):
            return rules.Match(s, e, t.text[s:e], m.kind, m.placeholder, m.score, m.how,
                               m.participant, m.advisory)
        if s > m.end:
            break
    return m


def clear_caches() -> None:
    """Forget prepared indexes (after changing the matching thresholds)."""
    _INDEXES.clear()
    rules._PREPARED.clear()
    rules.token_match.cache_clear()
