"""Finding identifiers in text: pure functions, no I/O.

A listed identifier is found in these forms (text and identifier both folded
with ``core.text.fold``, so case and diacritics never matter: Lushnjë = lushnje):

- exact: the whole value, token by token (``Ardita Hoxha``);
- inflected: an Albanian case ending on a token, also after dropping the
  stem's final vowel (Ardita -> Arditës, Arditën, Arditës; Elbasan -> Elbasanit);
- parts of a multi-word identifier: each token of 3+ letters alone (the first
  name alone, the surname alone), except generic words (school, street...);
- typing errors: for tokens of FUZZY_MIN_LEN+ letters, a Damerau-Levenshtein
  distance (rapidfuzz) of 1, or 2 from LONG_LEN letters, to the identifier
  token (also after stripping a case ending), provided the first letter
  agrees; a hyphenated identifier is also compared without its hyphen.

Thresholds, chosen by measurement (``python -m tests.privacy.measure_thresholds``;
tests/privacy/test_detection_rates.py asserts the chosen ones): 366 seeded
occurrences per seed, 20 seeds = 7,320, of 26 fictional identifiers in every
variant form, in fictional text; false alarms counted on the clean sample data
(sample_transcripts/*.txt, the .vtt and the survey answers: 10,703 words).
Recall / false alarms for (FUZZY_MIN_LEN, LONG_LEN):

    (4, 8) 100.00% / 24 ("No", "Not", "Now", "NOTE")
    (5, 6) 100.00% /  9 ("else", "carries", "More")
    (5, 7) 100.00% /  0
    (5, 8) 100.00% /  0   <- chosen: same recall, fewer risky 2-error matches
    (5, 9)  99.74% /  0
    (6, 8) 100.00% /  0   (seeded typos sit in full names, which the joined-
                           run comparison catches; a misspelt 5-letter name
                           standing alone would be missed)

The seeded typing errors never touch the first letter (see below), so a
typo in the first letter is not counted, and not caught.

- the first letter must agree for a fuzzy hit: typing errors rarely hit it,
  and it keeps short common words out;
- parts need 3+ letters: a 2-letter part would match prepositions.
- a part alone matched with an ending or a typing error must start with a
  capital letter in the text: without this rule "marks", "market" (Marku) and
  "left" (Lef) were 8 false alarms in the 8,474 words of the transcripts
  (0.94 per 1,000); with it, 0.
- GENERIC words (school, street, and first parts of place names such as
  "Fushë") never match alone: "Fushë" of Fushë-Krujë hit the fictional
  "Fushë-Lumi" of the survey answers 4 times.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from vos_coder.core.text import fold, fold_with_map
from vos_coder.privacy.keyfile import Identifier

FUZZY_MIN_LEN = 5
LONG_LEN = 8
PART_MIN_LEN = 3

# Albanian case endings (folded: ë -> e), longest first.
SUFFIXES = ("rit", "rin", "ave", "eve", "ate", "ise", "es", "en", "it", "in", "ut", "un", "ve",
            "ja", "je", "ne", "se", "te", "ri", "a", "e", "i", "u", "s", "n", "t")
_STEM_VOWELS = ("a", "e", "i")
# Words that are part of many names of places and schools; never matched alone.
GENERIC = frozenset(fold(w) for w in (
    "school", "shkolla", "shkolles", "shkollen", "gjimnazi", "street", "rruga", "centre", "center",
    "qendra", "the", "and", "of", "for", "city", "town", "village", "fshati", "bashkia", "high",
    "primary", "secondary", "middle", "university", "universiteti", "hospital", "spitali",
    "police", "policia", "station", "new", "old", "saint", "san", "st", "e", "i", "te", "se",
    "nr", "no", "lagjja", "lagja", "pallati", "club", "klubi", "association", "shoqata",
    # first parts of many Albanian place names: Fushë-Krujë, Fushë-Arrëz, Ura Vajgurore...
    "fushe", "ura", "qafe", "mali", "kodra", "bregu", "lumi", "fshat",
))
_TOKEN = re.compile(r"[^\W\d_]+")
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z ]*(?:-\d+)?\]")


@dataclass(frozen=True)
class Match:
    """One occurrence of something identifying in a text."""

    start: int
    end: int
    text: str
    kind: str  # person, place, ... or a detector kind: phone, email, ...
    placeholder: str
    score: float  # 100 = exact
    how: str  # exact | inflected | part | fuzzy | pattern
    participant: str = ""  # whose identifier list it came from ("" = project)


def _inflected(word: str, term: str) -> bool:
    if len(word) <= len(term) - 1:
        return False
    stems = [term]
    if len(term) >= 4 and term[-1] in _STEM_VOWELS:
        stems.append(term[:-1])
    for stem in stems:
        if word.startswith(stem) and word[len(stem):] in SUFFIXES:
            return True
    return False


def _fuzzy(word: str, term: str) -> float:
    """A score 0..100 if word is term with typing errors (and maybe an ending)."""
    if len(term) < FUZZY_MIN_LEN or not word or word[0] != term[0]:
        return 0.0
    allowed = 2 if len(term) >= LONG_LEN else 1
    candidates = [word] + [word[:-len(s)] for s in SUFFIXES if word.endswith(s)
                           and len(word) - len(s) >= FUZZY_MIN_LEN - 1]
    best = allowed + 1
    for cand in candidates:
        for stem in (term, term[:-1] if term[-1] in _STEM_VOWELS else term):
            best = min(best, DamerauLevenshtein.distance(cand, stem, score_cutoff=allowed))
    if best > allowed:
        return 0.0
    if best == 0:  # an ending on a stem: an inflection the suffix list did not spell out
        return 95.0
    return round(100.0 * (1 - best / len(term)), 1)


@lru_cache(maxsize=262_144)
def token_match(word: str, term: str) -> tuple[float, str] | None:
    """How a folded text token matches a folded identifier token, if at all."""
    if word == term:
        return 100.0, "exact"
    if _inflected(word, term):
        return 97.0, "inflected"
    score = _fuzzy(word, term)
    if score:
        return score, "fuzzy"
    return None


@dataclass(frozen=True)
class _Prepared:
    ident: Identifier
    tokens: tuple[str, ...]
    parts: tuple[str, ...]


def prepare(identifiers: Iterable[Identifier]) -> list[_Prepared]:
    """Fold and split identifiers once, for many texts."""
    out = []
    for ident in identifiers:
        tokens = tuple(_TOKEN.findall(fold(ident.value)))
        if not tokens:
            continue
        parts = tuple(t for t in tokens if len(t) >= PART_MIN_LEN and t not in GENERIC) \
            if len(tokens) > 1 else ()
        if len(tokens) > 1 and "-" in ident.value:
            parts += ("".join(tokens),)  # Fushë-Krujë typed without its hyphen
        out.append(_Prepared(ident, tokens, parts))
    return out


def find_identifiers(text: str, identifiers: Sequence[Identifier] | Sequence[_Prepared]) -> list[Match]:
    """Every occurrence of the identifiers in text (non-overlapping, best first
    wins: a whole multi-word match beats a part, exact beats fuzzy)."""
    prepared = [p if isinstance(p, _Prepared) else None for p in identifiers]
    if any(p is None for p in prepared):
        prepared = prepare(identifiers)  # type: ignore[arg-type]
    folded, where = fold_with_map(text)
    masked = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    toks = []
    for m in _TOKEN.finditer(folded):
        s, e = where[m.start()], where[m.end() - 1] + 1
        if any(a <= s < b for a, b in masked):
            continue
        toks.append((m.group(), s, e))
    # Every way a token can match (exact, inflected, fuzzy, window) needs its
    # first letter to agree with the identifier's, so each identifier visits
    # only the tokens that start with one of its letters.
    by_letter: dict[str, list[int]] = defaultdict(list)
    for i, tok in enumerate(toks):
        by_letter[tok[0][0]].append(i)
    found: list[tuple[float, int, Match]] = []
    for p in prepared:  # type: ignore[union-attr]
        k = len(p.tokens)
        letters = {p.tokens[0][0]} | {t[0] for t in (p.tokens if k == 1 else p.parts)}
        for i in sorted(i for c in letters for i in by_letter.get(c, ())):
            if k > 1 and i + k <= len(toks):
                scores = [token_match(toks[i + j][0], p.tokens[j]) for j in range(k)]
                if all(scores):
                    score = min(s[0] for s in scores if s)
                    hows = {s[1] for s in scores if s}
                    how = "fuzzy" if "fuzzy" in hows else "inflected" if "inflected" in hows else "exact"
                    s0, e0 = toks[i][1], toks[i + k - 1][2]
                    found.append((score + k, k, Match(s0, e0, text[s0:e0], p.ident.kind,
                                                       p.ident.placeholder, score, how,
                                                       p.ident.participant)))
                    continue
                window = _window_match(folded, where, toks, i, p)
                if window:
                    found.append((window[0] + k, k, Match(window[1], window[2],
                                                          text[window[1]:window[2]], p.ident.kind,
                                                          p.ident.placeholder, window[0], "fuzzy",
                                                          p.ident.participant)))
                    continue
            word, s0, e0 = toks[i]
            terms = p.tokens if k == 1 else p.parts
            for term in terms:
                hit = token_match(word, term)
                if hit and k > 1 and hit[1] != "exact" and not text[s0].isupper():
                    continue  # a lower-case word near a name part is an ordinary word
                if hit:
                    how = hit[1] if k == 1 else "part"
                    score = hit[0] if k == 1 else min(hit[0], 90.0)
                    found.append((score, 1, Match(s0, e0, text[s0:e0], p.ident.kind,
                                                  p.ident.placeholder, score, how,
                                                  p.ident.participant)))
                    break
    return _join_neighbours(text, _non_overlapping(found))


def _join_neighbours(text: str, matches: list[Match]) -> list[Match]:
    """Parts of one identifier side by side ("Lef Nosi" of "Shkolla Lef Nosi")
    become one match, so they get one placeholder."""
    out: list[Match] = []
    for m in matches:
        prev = out[-1] if out else None
        if prev and prev.placeholder == m.placeholder and m.start - prev.end <= 2 \
                and not text[prev.end:m.start].strip(" -"):
            out[-1] = Match(prev.start, m.end, text[prev.start:m.end], prev.kind, prev.placeholder,
                            min(prev.score, m.score), prev.how, prev.participant)
        else:
            out.append(m)
    return out


def _window_match(folded: str, where: list[int], toks: list[tuple[str, int, int]], i: int,
                  p: _Prepared) -> tuple[float, int, int] | None:
    """A multi-word identifier typed with errors that move a space or hyphen
    (Fushë-Krujë as "FusnëK-rujë"): compare runs of adjacent tokens, joined,
    to the joined identifier."""
    joined = "".join(p.tokens)
    if toks[i][0][0] != joined[0] or len(joined) < FUZZY_MIN_LEN:
        return None
    allowed = 2 if len(joined) >= LONG_LEN else 1
    k = len(p.tokens)
    for size in (k, k - 1, k + 1):
        if size < 1 or i + size > len(toks):
            continue
        run = toks[i:i + size]
        if size > 1 and any(not _adjacent(a, b) for a, b in itertools.pairwise(run)):
            continue
        cand = "".join(t[0] for t in run)
        d = DamerauLevenshtein.distance(cand, joined, score_cutoff=allowed)
        if d <= allowed:
            return round(100.0 * (1 - d / len(joined)), 1), run[0][1], run[-1][2]
    return None


def _adjacent(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return b[1] - a[2] <= 2


def _non_overlapping(found: list[tuple[float, int, Match]]) -> list[Match]:
    found.sort(key=lambda f: (-f[1], -f[0], f[2].start))
    taken: list[Match] = []
    for _, _, m in found:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def merge_matches(*groups: Iterable[Match]) -> list[Match]:
    """Combine identifier and pattern matches; longer spans win overlaps."""
    found = [(m.score, m.end - m.start, m) for g in groups for m in g]
    return _non_overlapping(found)
