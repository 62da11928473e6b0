"""The word lists that tell an ordinary word from a name (privacy/lexicon.py).

A word the lists wrongly hold makes a name that resembles it advisory, and
`--yes` never replaces an advisory match: so the parsed Albanian lexicon is
checked against a plain, slow reading of the package's files, parsed afresh
(not from the user's cache), and proper nouns must never count as words."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vos_coder.privacy import lexicon


def _fold_keep_case(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _pieces(value: str) -> list[str]:
    """A stem or flex value without its <n> indexes and its . - space tab marks,
    split at / and |."""
    out, skip = [], False
    for c in value:
        if c == "<":
            skip = True
        elif c == ">":
            skip = False
        elif not skip and c not in ".- \t":
            out.append(c)
    return "".join(out).lower().replace("/", "|").split("|")


def _slow_reading():
    """(lemmas, stem -> paradigms, paradigm -> endings), one lexeme block at a time."""
    data = resources.files("uniparser_albanian") / "data_strict"
    endings: dict[str, set[str]] = {}
    name = None
    for line in _fold_keep_case((data / "paradigms.txt").read_text("utf-8")).splitlines():
        line = line.strip()
        if line.startswith("-paradigm:"):
            name = line.split(":", 1)[1].strip()
            endings[name] = set()
        elif line.startswith("-flex:") and name:
            endings[name].update(_pieces(line.split(":", 1)[1]))
    lemmas: set[str] = set()
    stems: dict[str, set[str]] = {}
    for block in (data / "lexemes.txt").read_text("utf-8").split("\n-lexeme"):
        fields: dict[str, list[str]] = {}
        for line in block.splitlines():
            key, sep, value = line.strip().partition(":")
            if sep and key in ("lex", "stem", "paradigm") and line[:1] in (" ", "\t"):
                fields.setdefault(key, []).append(_fold_keep_case(value.strip()))
        for lex in fields.get("lex", []):
            if not lex[:1].islower():
                continue  # a capitalised lemma: a place, a surname, a first name
            lemmas.add(lex.lower())
            for stem in (p for v in fields.get("stem", []) for p in _pieces(v)):
                if len(stem) >= 2:
                    stems.setdefault(stem, set()).update(fields.get("paradigm", []))
    return lemmas, stems, endings


@pytest.fixture(scope="module")
def fresh():
    """The Albanian lists parsed from the package, as a first run parses them."""
    return lexicon._parse_albanian()


def test_the_albanian_lists_are_exactly_what_the_package_holds(fresh):
    lemmas, stems, endings = fresh
    want_lemmas, want_stems, want_endings = _slow_reading()
    assert lemmas == want_lemmas
    assert {k: set(v) for k, v in stems.items()} == want_stems
    assert {k: set(v) for k, v in endings.items()} == want_endings
    assert {p for v in stems.values() for p in v} <= set(endings)  # every paradigm is known


@pytest.mark.parametrize("name", ["dritan", "dritero", "mirdite", "mirlinde"])
def test_a_proper_noun_of_the_lexicon_is_no_word(fresh, name):
    """Dritan, Dritëro, Mirditë, Mirlindë are capitalised lemmas in the lexicon:
    names, so a match on them is never advisory."""
    lemmas, stems, _ = fresh
    assert name not in lemmas and name not in stems


def test_inflected_common_words_are_words_and_names_are_not(monkeypatch, tmp_path, fresh):
    monkeypatch.setattr(lexicon, "albanian", lambda: fresh)
    # drita (the light), dritën, besnikë (loyal, plural), mirë (good) folded
    for word in ("drite", "drita", "driten", "besnik", "besnike", "mire"):
        assert lexicon.is_albanian(word), word
    for name in ("dritan", "dritanit", "mirlinda", "mirdites"):
        assert not lexicon.is_albanian(name), name


def test_a_shared_paradigm_tuple_is_one_object(fresh):
    """Stems with the same paradigms share one tuple (what keeps the cache small)."""
    _, stems, _ = fresh
    by_value: dict[tuple[str, ...], int] = {}
    for value in stems.values():
        assert by_value.setdefault(value, id(value)) == id(value)


def test_a_stem_of_two_letters_takes_its_endings(monkeypatch, fresh):
    """ujin (the water) is the stem uj with the ending -in: a word."""
    monkeypatch.setattr(lexicon, "albanian", lambda: fresh)
    assert lexicon.is_albanian("ujin") and not lexicon.is_albanian("ujinx")


# -- English --------------------------------------------------------------------------------
@pytest.fixture
def english_afresh(monkeypatch, tmp_path):
    """english() parsed with an empty cache folder, and forgotten afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon.english.cache_clear()
    yield tmp_path / "cache"
    lexicon.english.cache_clear()


def test_names_in_the_english_lists_are_no_words(english_afresh):
    words = lexicon.english()
    assert {"paperwork", "mire", "loyal"} <= words
    # capitalised entries of the lists (John, London, Dorothy) are names
    assert not {"john", "london", "dorothy"} & words
    assert all(w.isascii() for w in words)  # so none needs folding


# -- the cache of parsed lists --------------------------------------------------------------
def test_the_cache_goes_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    path = lexicon._cache_path("english", "english-words")
    assert path.parent == tmp_path / ".cache" / "vos-coder"
    assert path.name.startswith("english-") and path.suffix == ".pickle"


def test_a_cached_list_is_read_back_without_parsing(english_afresh, monkeypatch):
    words = lexicon.english()  # parsed, and the cache folder made with its parents
    assert len(list(english_afresh.glob("vos-coder/english-*.pickle"))) == 1
    lexicon.english.cache_clear()

    def parse_again():
        raise AssertionError("parsed again although the cache holds the lists")

    monkeypatch.setattr(lexicon, "_parse_english", parse_again)
    assert lexicon.english() == words


def test_a_broken_cache_is_written_again(english_afresh):
    words = lexicon.english()
    (cached,) = english_afresh.glob("vos-coder/english-*.pickle")
    cached.write_bytes(b"not a pickle")
    lexicon.english.cache_clear()
    assert lexicon.english() == words
    assert lexicon._cached("english", "english-words", lambda: frozenset()) == words  # readable


def test_a_cache_folder_that_cannot_be_written_is_only_slower(english_afresh):
    english_afresh.write_text("a file where the folder should be")
    assert "paperwork" in lexicon.english()
    assert english_afresh.read_text() == "a file where the folder should be"


# -- what starts a sentence -----------------------------------------------------------------
@given(st.text(alphabet="aX .!?:\t\u00a0\n\"(-", max_size=12), st.data())
def test_starts_sentence_looks_back_past_spaces_only(text, data):
    start = data.draw(st.integers(0, len(text)))
    before = text[:start].rstrip(" \t\u00a0")
    assert lexicon.starts_sentence(text, start) == (not before or before[-1] in ".!?:\n\"(-")


@pytest.mark.parametrize(("text", "advisory"), [
    ("Po.\u00a0Mirë, pra.", True),   # after a full stop and a no-break space: the word Mirë
    ("Po.\tMirë, pra.", True),
    ("Po.Mirë, pra.", True),
    ("Ai tha Mirë sot.", False),    # a capital inside a sentence: written as a name
    ("Ai tha  Mirë sot.", False),
    ("A Mirë sot.", False),
])
def test_a_misspelt_capital_is_advisory_only_where_a_sentence_starts(tmp_path, text, advisory):
    from tests.privacy.conftest import key_with
    from vos_coder.privacy.transform import find_all

    key = key_with(tmp_path, [("person", "Mirela Qosja")])
    hits = [m for m in find_all(text, key) if m.text == "Mirë"]
    assert hits and all(m.advisory == advisory for m in hits), find_all(text, key)


@pytest.mark.parametrize("word", ["hoping", "studies", "mired", "fixes", "stopped", "running",
                                  "bigger", "quickly", "papers", "carried", "planning", "planned",
                                  "jogging", "grabbing", "upped", "upping"])
def test_regular_english_forms_are_words(word):
    """Including a doubled consonant after a two-letter word (up: upped, upping)."""
    assert lexicon.is_word(word)


@pytest.mark.parametrize("name", ["mirela", "ardita", "genta", "arben", "besniks",
                                  "hoxhas", "gentas", "ardited", "arbenns", "eris",
                                  "mirelles"])
def test_names_with_english_looking_endings_are_no_words(name):
    """A lower-case name, or one with an English ending or a doubled letter
    before it, is not an English word: a match on it is replaced."""
    assert not lexicon.is_word(name)


@pytest.mark.parametrize("name", ["enes", "eris", "edon"])
def test_a_short_name_is_no_english_form(name):
    """Enes is en + es only to a rule that strips an ending off any word."""
    assert not lexicon.is_english(name)


@pytest.mark.parametrize(("text", "word"), [
    ("Pastaj mirela erdhi.", "mirela"),   # a name part in lower case
    ("Pastaj arben erdhi.", "arben"),
    ("Dritën e pashë.", "Dritën"),        # inflected, opening a sentence, though driten is a word
    ("Dritës i thashë.", "Dritës"),
])
def test_these_name_forms_are_never_advisory(tmp_path, text, word):
    from tests.privacy.conftest import key_with
    from vos_coder.privacy.transform import find_all

    key = key_with(tmp_path, [("person", "Drita Kola"), ("person", "Mirela Qosja"),
                              ("person", "Arben Leka")])
    hits = [m for m in find_all(text, key) if m.text == word]
    assert hits and not any(m.advisory for m in hits), find_all(text, key)
