"""Finding identifiers in text: the rules of a match, pure functions, no I/O.
The index that finds candidates quickly is in matching.py; the matching view
(invisible characters dropped, look-alike letters mapped, case and diacritics
folded: Lushnjë = lushnje, Мirela with a Cyrillic М = Mirela) in normalise.py.

A listed identifier is found in these forms:

- exact: the whole value, token by token (``Ardita Hoxha``);
- inflected: an Albanian case ending on a token, also after dropping the
  stem's final vowel (Ardita -> Arditës, Arditën, Arditës; Elbasan -> Elbasanit);
  a token of three letters ending in a vowel drops it only before the
  definite endings -ës and -ën (Ema -> Emës, Emën: SHORT_ENDINGS), and only
  written with a capital letter (em-, an- with any ending are ordinary
  words: "emri", "anën"); opening a sentence such a form that is also an
  ordinary word is advisory (lexicon.py);
- parts of a multi-word identifier: each token of 3+ letters alone (the first
  name alone, the surname alone), except generic words (school, street...),
  and two or more of its words run together, short of all
  (``AlketaBregasi`` of Alketa Bregasi Dushku);
- a space or hyphen moved, added or dropped: the text's words, joined, against
  the joined identifier, as many words as its letters allow (``ArditaHoxha``,
  ``FusnëK-rujë``, ``Ar di ta Hoxha``: window_match); a run of two or more
  pieces more than the identifier's words only from a capital letter (short
  lower-case words side by side are text);
- a punctuation mark inside a match (``Ardita. Hoxha``) stays in the text:
  the match is cut in two there (keep_punctuation);
- typing errors: for tokens of FUZZY_MIN_LEN+ letters, a Damerau-Levenshtein
  distance (rapidfuzz) of 1, or 2 from LONG_LEN letters, to the identifier
  token (also after stripping a case ending), provided the first letter
  agrees; a hyphenated identifier is also compared without its hyphen.

Thresholds, chosen by measurement (``python -m tests.privacy.measure_thresholds``;
tests/privacy/test_detection_rates.py asserts the chosen ones): 488 seeded
occurrences per seed, 20 seeds = 9,760, of 33 fictional identifiers in every
variant form (evasion by invisible and look-alike characters, and
identifiers holding digits, included), in fictional text; a form counts as
found only when a non-advisory hit (one --yes replaces) covers it. False
alarms (non-advisory hits) counted on the clean sample data
(sample_transcripts/*.txt, the .vtt and the survey answers: 10,703 words).
Recall / false alarms for (FUZZY_MIN_LEN, LONG_LEN), with the advisory rule
of lexicon.py:

    (4, 8) 99.96% / 0
    (5, 6) 99.96% / 1 ("More")
    (5, 7) 99.96% / 0
    (5, 8) 99.96% / 0   <- chosen: same recall, fewer risky short matches
    (5, 9) 99.76% / 0
    (6, 8) 99.96% / 0

Before the advisory rule, (4, 8) raised 24 false alarms ("No", "Not", "Now",
"NOTE") and (5, 6) 9 ("else", "carries", "More").

The seeded typing errors never touch the first letter (see below), so a
typo in the first letter is not counted, and not caught.

- the first letter must agree for a fuzzy hit: typing errors rarely hit it,
  and it keeps short common words out;
- parts need 3+ letters: a 2-letter part would match prepositions.
- a part alone matched with an ending or a typing error must start with a
  capital letter in the text: without this rule "marks", "market" (Marku) and
  "left" (Lef) were 8 false alarms in the 8,474 words of the transcripts
  (0.94 per 1,000); with it, 0.
- identifiers holding digits (case numbers ``KR-114/2019``, dates, house
  numbers): every token exactly, digits too (03 = 3), with a separator
  wherever the identifier has one (up to three spaces or tabs each side
  allowed, on one line: ``KR-114 / 2019``), and where a letter meets a digit a space or nothing will do
  (``KR 114/2019``, ``KR114/2019``); the digits of ``KR-114/2019`` alone
  (``114/2019``) are a part; a match inside a run such as ``2019/114-KR``
  covers the whole run (matching.py);
- advisory: a match that is not exact (a part in lower case, an ending, a
  typing error) on an ordinary word of Albanian or English (lexicon.py),
  written in lower case, or misspelt at the start of a sentence, is shown
  but marked ``advisory``: ``mirë`` (good) near Mirela, ``besnik`` (loyal)
  of Besnik Hoxha, ``drita`` (the light) of Drita Kola, ``mired``. It is
  never replaced without a person choosing it. What is written as the list
  writes it is never advisory: the whole identifier, in any case, and a part
  spelt exactly with its capital, even opening a sentence ("Drita erdhi.").
- GENERIC words (school, street, and first parts of place names such as
  "Fushë") never match alone: "Fushë" of Fushë-Krujë hit the fictional
  "Fushë-Lumi" of the survey answers 4 times.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from vos_coder.privacy.keyfile import Identifier
from vos_coder.privacy.normalise import view

FUZZY_MIN_LEN = 5
LONG_LEN = 8
PART_MIN_LEN = 3

# Albanian case endings (folded: ë -> e), longest first.
SUFFIXES = ("rit", "rin", "ave", "eve", "ate", "ise", "es", "en", "it", "in", "ut", "un", "ve",
            "ja", "je", "ne", "se", "te", "ri", "a", "e", "i", "u", "s", "n", "t")
SUFFIX_SET = frozenset(SUFFIXES)
STEM_VOWELS = ("a", "e", "i")
_STEM_VOWELS = STEM_VOWELS
# The endings a name of three letters ending in a vowel takes on its stem of two
# (Ema -> Emës, Emën): the definite singular cases only. Em-, An-, El- with any
# ending would be ordinary words ("emri", the name; "anët", the sides).
SHORT_ENDINGS = frozenset(("es", "en"))
# Words that are part of many names of places and schools; never matched alone.
GENERIC = frozenset(view(w).folded for w in (
    "school", "shkolla", "shkolles", "shkollen", "gjimnazi", "street", "rruga", "centre", "center",
    "qendra", "the", "and", "of", "for", "city", "town", "village", "fshati", "bashkia", "high",
    "primary", "secondary", "middle", "university", "universiteti", "hospital", "spitali",
    "police", "policia", "station", "new", "old", "saint", "san", "st", "e", "i", "te", "se",
    "nr", "no", "lagjja", "lagja", "pallati", "club", "klubi", "association", "shoqata",
    # first parts of many Albanian place names: Fushë-Krujë, Fushë-Arrëz, Ura Vajgurore...
    "fushe", "ura", "qafe", "mali", "kodra", "bregu", "lumi", "fshat",
))
TOKEN = re.compile(r"[^\W_]+")
_SEPARATORS = frozenset("-/.")


@dataclass(frozen=True)
class Match:
    """One occurrence of something identifying in a text."""

    start: int
    end: int
    text: str
    kind: str  # person, place, ... or a detector kind: phone, email, ...
    placeholder: str
    score: float  # 100 = exact
    how: str  # exact | inflected | fuzzy | part | part, inflected | part, fuzzy | pattern
    participant: str = ""  # whose identifier list it came from ("" = project)
    advisory: bool = False  # an ordinary word that resembles an identifier: shown, never replaced


def _number(token: str) -> str:
    return (token.lstrip("0") or "0") if token.isdigit() else token


def _inflected(word: str, term: str) -> bool:
    if len(word) <= len(term) - 1:
        return False
    stems = [term]
    if len(term) >= 4 and term[-1] in _STEM_VOWELS:
        stems.append(term[:-1])
    for stem in stems:
        if word.startswith(stem) and word[len(stem):] in SUFFIX_SET:
            return True
    return False


def _short_inflected(word: str, term: str) -> bool:
    """Ema as Emës or Emën: a name of three letters ending in a vowel, its
    stem of two and a definite case ending (SHORT_ENDINGS)."""
    return len(term) == 3 and term[-1] in _STEM_VOWELS and word[:2] == term[:2] \
        and word[2:] in SHORT_ENDINGS


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
    """How a folded text token matches a folded identifier token, if at all.
    A token holding a digit matches only exactly (leading zeros aside)."""
    if word == term:
        return 100.0, "exact"
    if not (word + term).isalpha():  # tokens are letters and digits: a digit is in one
        return (100.0, "exact") if _number(word) == _number(term) else None
    if _inflected(word, term):
        return 97.0, "inflected"
    if _short_inflected(word, term):
        return 97.0, "inflected, short"  # only with a capital letter (single_match)
    score = _fuzzy(word, term)
    if score:
        return score, "fuzzy"
    return None


@dataclass(frozen=True)
class Prepared:
    """An identifier folded and split once, for many texts."""

    ident: Identifier
    tokens: tuple[str, ...]
    parts: tuple[str, ...]
    joined: tuple[bool, ...] = ()  # token j and j+1 written with a separator between them
    code: bool = False  # holds a digit: tokens match exactly, separators kept
    whole: bool = True  # False: a sub-sequence of an identifier (its digits), reported as a part


_Prepared = Prepared  # the name before matching.py


def _split(value: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    folded = view(value).folded
    found = list(TOKEN.finditer(folded))
    joined = tuple(folded[a.end():b.start()] in _SEPARATORS for a, b in itertools.pairwise(found))
    return tuple(m.group() for m in found), joined


class PreparedList(list):
    """What prepare() returns: the prepared identifiers, and the key of the
    list they came from (for matching.index_for)."""

    key: tuple = ()


def list_key(identifiers: Iterable[Identifier]) -> tuple[tuple[str, str, str, str], ...]:
    """A cheap cache key for an identifier list (strings keep their hash;
    hashing 500 frozen dataclasses for every text is not cheap)."""
    return tuple((i.participant, i.kind, i.value, i.placeholder) for i in identifiers)


_PREPARED: dict[tuple, tuple[Prepared, ...]] = {}


def prepare(identifiers: Iterable[Identifier]) -> PreparedList:
    """Fold and split identifiers once, for many texts."""
    idents = tuple(identifiers)
    key = list_key(idents)
    if key not in _PREPARED:
        if len(_PREPARED) >= 16:
            _PREPARED.clear()
        _PREPARED[key] = _prepare(idents)
    out = PreparedList(_PREPARED[key])
    out.key = key
    return out


def _prepare(identifiers: tuple[Identifier, ...]) -> tuple[Prepared, ...]:
    out = []
    for ident in identifiers:
        tokens, joined = _split(ident.value)
        if not tokens:
            continue
        code = any(c.isdigit() for t in tokens for c in t)
        parts = tuple(t for t in tokens if len(t) >= PART_MIN_LEN and t not in GENERIC
                      and not any(c.isdigit() for c in t)) if len(tokens) > 1 else ()
        if len(tokens) > 1 and "-" in ident.value and not code:
            parts += ("".join(tokens),)  # Fushë-Krujë typed without its hyphen
        if not code:  # two of three words run together: AlketaBregasi of Alketa Bregasi Dushku
            parts += tuple("".join(tokens[a:b]) for a in range(len(tokens))
                           for b in range(a + 2, len(tokens) + (a > 0))
                           if any(t not in GENERIC for t in tokens[a:b]))
        out.append(Prepared(ident, tokens, parts, joined, code))
        if code:  # the digits of KR-114/2019 alone: 114/2019
            digits = [j for j, t in enumerate(tokens) if any(c.isdigit() for c in t)]
            a, b = digits[0], digits[-1] + 1
            core = tokens[a:b]
            if (a, b) != (0, len(tokens)) and (len(core) > 1 or not core[0].isdigit()):
                out.append(Prepared(ident, core, (), joined[a:b - 1], True, False))
    return tuple(out)


Run = Sequence[tuple[str, int, int, int, int]]  # (folded word, start, end, folded start, folded end)


def _match(p: Prepared, start: int, end: int, text: str, score: float, how: str) -> Match:
    return Match(start, end, text[start:end], p.ident.kind, p.ident.placeholder, score, how,
                 p.ident.participant)


def whole_match(p: Prepared, run: Run, folded: str, text: str) -> tuple[float, int, Match] | None:
    """The whole multi-word identifier at the start of run, token by token."""
    k = len(p.tokens)
    if p.code:
        found = _code_run(p, run, folded)
        if found is None:
            return None
        used, scores = found
    else:
        if len(run) < k:
            return None
        used, scores = k, [token_match(run[j][0], p.tokens[j]) for j in range(k)]
        if not all(scores):
            return None
    score = min(s[0] for s in scores if s)
    hows = {s[1] for s in scores if s}
    how = "fuzzy" if "fuzzy" in hows else "inflected" if any("inflected" in h for h in hows) \
        else "exact"
    if not p.whole:
        how, score = "part", min(score, 90.0)
    return score + k, k, _match(p, run[0][1], run[used - 1][2], text, score, how)


def _edge(a: str, b: str) -> bool:
    """Whether tokens a and b meet at a letter and a digit (KR|114): there a
    separator may be dropped or changed without the tokens running into others."""
    return a[-1].isdigit() != b[0].isdigit()


def _code_gap(gap: str, listed_separator: bool, edge: bool) -> bool:
    """Whether the text between two tokens of an identifier holding a digit
    joins them: a separator, with up to three spaces each side on one line
    (``KR-114 / 2019``, ``KR-114  /  2019``), where the list has one; up to
    three spaces or line breaks where it has a space; either at a letter/digit
    edge (``KR 114/2019``). Never a comma: 114/2019 is not "114, 2019"."""
    sep = gap.strip()
    if sep:
        return (sep in _SEPARATORS and "\n" not in gap and len(gap) - len(gap.lstrip()) <= 3
                and len(gap) - len(gap.rstrip()) <= 3 and (listed_separator or edge))
    return len(gap) <= 3 and (not listed_separator or edge)


def _code_run(p: Prepared, run: Run, folded: str) -> tuple[int, list] | None:
    """An identifier holding a digit at the start of run, token by token (a
    text token may stand for tokens the list separates at a letter/digit
    edge: ``KR114/2019`` for KR-114/2019): (text tokens used, their scores)."""
    k, i, used, scores = len(p.tokens), 0, 0, []
    while i < k:
        if used >= len(run):
            return None
        word = run[used][0]
        j, hit = i + 1, token_match(word, p.tokens[i])
        if not hit:
            joined = p.tokens[i]
            while j < k and _edge(p.tokens[j - 1], p.tokens[j]) and len(joined) < len(word):
                joined += p.tokens[j]
                j += 1
            if joined != word:
                return None
            hit = (100.0, "exact")
        if used and not _code_gap(folded[run[used - 1][4]:run[used][3]], p.joined[i - 1],
                                  _edge(p.tokens[i - 1], p.tokens[i])):
            return None
        i, used = j, used + 1
        scores.append(hit)
    return used, scores


def window_match(p: Prepared, run: Run, text: str) -> tuple[float, int, Match] | None:
    """A multi-word identifier typed with errors that move, add or drop a space
    or hyphen (Fushë-Krujë as "FusnëK-rujë", Ardita Hoxha as "Ar di ta Hoxha"):
    runs of adjacent tokens from the start of run, joined, are compared with
    the joined identifier, as many tokens as the letters allow. The closest
    wins; of two as close, the one of fewer words (the word after the name
    in "ArditaHoxh e tha" stays). A run of two or more pieces more than the identifier's
    words must start with a capital letter: short lower-case words side by
    side are text ("e ma lo" is not Ema Lo)."""
    joined = "".join(p.tokens)
    if run[0][0][0] != joined[0] or len(joined) < FUZZY_MIN_LEN:
        return None
    allowed = 2 if len(joined) >= LONG_LEN else 1
    k = len(p.tokens)
    pieces = len(run) if text[run[0][1]].isupper() else k + 1
    close, letters = [], 0
    for size, (a, b) in enumerate(itertools.pairwise([None, *run[:pieces]]), 1):
        # the gap in the matching view (invisible characters do not widen it), or
        # spaces on one line however many ("Ard   itaHoxha")
        if a and b[3] - a[4] > 2 and text[a[2]:b[1]].strip(" \t\u00a0"):
            break
        letters += len(b[0])
        if abs(letters - len(joined)) <= allowed:
            cand = "".join(t[0] for t in run[:size])
            d = DamerauLevenshtein.distance(cand, joined, score_cutoff=allowed)
            if d <= allowed:
                close.append((d, size))
    if not close:
        return None
    d, size = min(close)
    score = round(100.0 * (1 - d / len(joined)), 1)
    return score + k, k, _match(p, run[0][1], run[size - 1][2], text, score, "fuzzy")


def single_match(p: Prepared, word: str, s0: int, e0: int, text: str
                 ) -> tuple[float, int, Match] | None:
    """A one-word identifier, or one part of a multi-word one, at one token."""
    k = len(p.tokens)
    for term in p.tokens if k == 1 else p.parts:
        hit = token_match(word, term)
        if hit and (k > 1 and hit[1] != "exact" or hit[1].endswith("short")) \
                and not text[s0].isupper():
            continue  # a lower-case word near a name part is an ordinary word
        if hit:
            how = hit[1] if k == 1 else "part" if hit[1] == "exact" else f"part, {hit[1]}"
            score = hit[0] if k == 1 else min(hit[0], 90.0)
            return score, 1, _match(p, s0, e0, text, score, how)
    return None


def find_identifiers(text: str, identifiers: Sequence[Identifier] | Sequence[Prepared]
                     ) -> list[Match]:
    """Every occurrence of the identifiers in text (non-overlapping, best first
    wins: a whole multi-word match beats a part, exact beats fuzzy)."""
    from vos_coder.privacy.matching import Index, find, index_for

    if isinstance(identifiers, PreparedList):  # prepare() of a whole list: indexed once
        return find(text, index_for(identifiers))
    if identifiers and all(isinstance(p, Prepared) for p in identifiers):
        return find(text, Index(identifiers))  # type: ignore[arg-type]
    return find(text, index_for(prepare(identifiers)))  # type: ignore[arg-type]


def join_neighbours(text: str, matches: list[Match]) -> list[Match]:
    """Parts of one identifier side by side ("Lef Nosi" of "Shkolla Lef Nosi"),
    at most two spaces or hyphens apart, become one match, so they get one
    placeholder."""
    out: list[Match] = []
    for m in matches:
        prev = out[-1] if out else None
        # the gap as matching sees it: invisible characters do not count
        gap = view(text[prev.end:m.start]).folded if prev else ""
        if prev and prev.placeholder == m.placeholder and len(gap) <= 2 and not gap.strip(" -"):
            out[-1] = replace(prev, end=m.end, text=text[prev.start:m.end],
                              score=min(prev.score, m.score),
                              advisory=prev.advisory and m.advisory)
        else:
            out.append(m)
    return out


_PUNCTUATION = frozenset(".,;:!?…")
_GAP = re.compile(r"[^\w]+|_+")


def keep_punctuation(text: str, matches: list[Match]) -> list[Match]:
    """A match whose words a punctuation mark separates ("Alketa. Bregasi",
    "Ardtia, Hoxha") becomes one match per side, each with the placeholder, so
    the mark stays in the text: replacing the whole run would remove the end
    of a sentence. The separators of an identifier holding a digit
    (``KR-114 / 2019``, ``12.03.2005``) are part of it."""
    out: list[Match] = []
    for m in matches:
        start = m.start
        code = any(c.isdigit() for c in m.text)
        for g in _GAP.finditer(text, m.start, m.end):
            mark = view(g.group()).folded.strip()  # invisible characters are no marks
            if g.start() == m.start or g.end() == m.end or not _PUNCTUATION.intersection(mark):
                continue
            if code and len(mark) == 1 and mark in _SEPARATORS:
                continue
            out.append(replace(m, start=start, end=g.start(), text=text[start:g.start()]))
            start = g.end()
        out.append(replace(m, start=start, text=text[start:m.end]) if start != m.start else m)
    return out


def non_overlapping(found: list[tuple[float, int, Match]]) -> list[Match]:
    """Best first (more words, then higher score), then by position."""
    found.sort(key=lambda f: (-f[1], -f[0], f[2].start))
    taken: list[Match] = []
    for _, _, m in found:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def merge_matches(*groups: Iterable[Match]) -> list[Match]:
    """Combine identifier and pattern matches; longer spans win overlaps."""
    found = [(m.score, m.end - m.start, m) for g in groups for m in g]
    return non_overlapping(found)
