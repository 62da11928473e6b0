"""Ordinary words of Albanian and English, to tell a name from a word.

A match that is not exact (a part of a name in lower case, an ending, a
typing error) on an ordinary word written as one is *advisory*: in lower
case (*drita*, the light, of Drita Kola), or capitalised only because it
starts a sentence and misspelt. Such a match is shown, never replaced
without a person choosing it. Albanian *mirë* (good) near Mirela, *besnik*
(loyal) of Besnik Hoxha, English *mired*.

What is written as the list writes it is never advisory, whatever the word:
the whole identifier, in any case (a listed one-word Flutura blocks
*flutura*, the butterfly, too), and a part of it spelt exactly, or with a
case ending, with its capital letter, even at the start of a sentence
("Drita erdhi." blocks although *drita* is also the light, and although the
text never writes Drita Kola): a capital at the start of a sentence cannot
tell the name from the word, so the registered spelling wins, and a person
dismisses the hit if it is the word. A capital inside a sentence is a name,
and so are the words of a multi-word name in their order, even misspelt.

The word lists are maintained packages, read on first use:
- Albanian: the lexicon of ``uniparser-albanian`` (a rule-based morphological
  analyser, MIT): its lemmas and stems, with every ending of its paradigms.
  Proper nouns (capitalised lemmas: places, surnames) are left out, so a
  name is never taken for a word. A word counts when it is a lemma, or a
  stem of a common-noun, adjective, verb... lexeme followed by an ending the
  grammar knows. (The analyser itself takes about half a minute to start,
  so its data files are read directly.)
- English: ``english-words`` (Webster's Second and GCIDE word lists), the
  entries written in lower case (capitalised entries are names), with the
  regular endings -s, -es, -ed, -ing, -er, -est, -ly.

Parsing both lists takes about a second of CPU, so the parsed lists are
kept in the user's cache folder (``$XDG_CACHE_HOME/vos-coder`` or
``~/.cache/vos-coder``; word lists only, nothing from any project) and read
back in a fraction of that on the next run.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from vos_coder.core.text import fold
from vos_coder.privacy.normalise import view

if TYPE_CHECKING:
    from vos_coder.privacy.pseudonymise import Match

T = TypeVar("T")
_FORMAT = 3  # of the cached, parsed word lists (2: shared paradigm tuples; 3: ve//ve split)
_INDEX = re.compile(r"<[^>]*>")
_DROP = str.maketrans("", "", ".- \t")
_COMBINING = re.compile("[\u0300-\u036f]")
_ALPHA = re.compile(r"[^\W\d_]+")
_SENTENCE_END = frozenset(".!?:…\n\"“”«»'‘’([-–—•*")


def _folded_file(name: str) -> str:
    """A data file of the Albanian lexicon with its diacritics folded (ë -> e),
    in one pass (case kept: a capitalised lemma is a proper noun)."""
    raw = (resources.files("uniparser_albanian") / "data_strict" / name).read_text("utf-8")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", raw))


def _cache_path(name: str, package: str) -> Path:
    """Where a parsed word list is kept between runs: the user's cache folder,
    one file per package version (a new version is parsed again)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vos-coder" / f"{name}-{metadata.version(package)}-{_FORMAT}.pickle"


def _cached(name: str, package: str, build: Callable[[], T]) -> T:
    """The parsed word list from the cache, or built and cached (best effort:
    a cache that cannot be read or written is rebuilt in memory, silently)."""
    path = None
    with suppress(Exception):  # no cache, an old or broken one: parse the package again
        path = _cache_path(name, package)
        with path.open("rb") as fh:
            return pickle.load(fh)
    data = build()
    with suppress(Exception):  # the cache is an optimisation only
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
    return data


@lru_cache(maxsize=1)
def albanian() -> tuple[frozenset[str], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """(lemmas, stem -> its paradigms, paradigm -> its endings) of the
    Albanian lexicon, folded; proper nouns left out."""
    return _cached("albanian", "uniparser-albanian", _parse_albanian)


_LEXEME_LINE = re.compile(rb"\n[ \t]*(lex|stem|paradigm):([^\n]*)")


def _fold_lines(lines: list[bytes]) -> list[str]:
    """UTF-8 lines decoded and their diacritics folded (ë -> e) in one pass, case kept."""
    text = b"\x00".join(lines).decode("utf-8")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).split("\x00")


def _parse_albanian() -> tuple[frozenset[str], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """Only the lex/stem/paradigm lines of the 8 MB lexicon are picked out (one
    regular-expression pass) and folded (the translations, most of the file,
    never are); each stem's paradigms are a tuple shared by every stem with the
    same ones, so the cached lists load fast (a few thousand objects, not
    100,000 sets)."""
    endings: dict[str, set[str]] = {}
    name = ""
    for line in _folded_file("paradigms.txt").splitlines():
        line = line.strip()
        if line.startswith("-paradigm:"):
            name = line[10:].strip()
            endings[name] = set()
        elif line.startswith("-flex:") and name:
            flex = _INDEX.sub("", line[6:]).translate(_DROP).lower()
            endings[name].update(flex.replace("/", "|").split("|"))  # <0>.ve//<1>.ve: one per stem
    raw = (resources.files("uniparser_albanian") / "data_strict" / "lexemes.txt").read_bytes()
    found_lines = _LEXEME_LINE.findall(b"\n" + raw)  # on the bytes: never decoded whole
    values = _fold_lines([v.strip() for _, v in found_lines])
    lemmas: set[str] = set()
    stems: dict[str, set[str]] = {}
    common = False
    found: list[str] = []
    for (field, _), value in zip(found_lines, values, strict=True):
        if field == b"lex":
            common = value[:1].islower()  # capitalised: a place, a surname, a first name
            if common:
                lemmas.add(value.lower())
            found = []
        elif not common:
            continue
        elif field == b"stem":
            found = _INDEX.sub("", value).translate(_DROP).lower().replace("/", "|").split("|")
        else:
            for stem in found:
                if len(stem) >= 2:
                    stems.setdefault(stem, set()).add(value)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    return (frozenset(lemmas),
            {k: shared.setdefault(t, t) for k, v in stems.items() for t in [tuple(sorted(v))]},
            {k: frozenset(v) for k, v in endings.items()})


@lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """Lower-case entries of the English word lists, folded."""
    return _cached("english", "english-words", _parse_english)


def _parse_english() -> frozenset[str]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2", "gcide"], lower=False, alpha=True)
    return frozenset(w if w.isascii() else fold(w) for w in words if w.islower())


_ENGLISH_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                    ("es", ""), ("s", ""), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"),
                    ("ly", ""), ("d", ""))


def is_english(word: str) -> bool:
    """Whether a folded word is an ordinary English word or a regular form of one."""
    words = english()
    if word in words:
        return True
    for ending, add in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[:-len(ending)]
            if base + add in words:
                return True
            if len(base) > 2 and base[-1] == base[-2] and base[:-1] in words:  # stopped, running
                return True
    return False


def is_albanian(word: str) -> bool:
    """Whether a folded word is an Albanian lemma or a known stem with a known ending."""
    lemmas, stems, endings = albanian()
    if word in lemmas:
        return True
    return any(word[i:] in endings.get(paradigm, ())
               for i in range(2, len(word) + 1) for paradigm in stems.get(word[:i], ()))


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Whether a folded word is an ordinary word of Albanian or English."""
    return is_english(word) or is_albanian(word)


def starts_sentence(text: str, start: int) -> bool:
    """Whether text[start] begins a sentence, a line or a quotation (so its capital says nothing)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def is_advisory(text: str, m: Match) -> bool:
    """Whether a match of an identifier is an ordinary word that only resembles
    it (the rule is in the module's docstring)."""
    how = m.how
    if how == "exact":
        return False
    start = m.start
    matched = text[start:m.end]
    first = next((c for c in matched if c.isalpha()), "")
    if first.isupper():
        if not starts_sentence(text, start):
            return False  # a capital inside a sentence: written as a name
        if how == "part" or "inflected" in how and "short" not in how:
            return False  # a registered name part as registered ("Drita"), or "Hoxhës"
    words = _ALPHA.findall(view(matched).folded)
    if len(words) != 1:
        return False  # the words of a name in their order ("Besnik Leshi"): a name
    return is_word(words[0])
