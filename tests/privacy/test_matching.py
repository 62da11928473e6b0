"""The matcher: the matching view (offsets back to the stored text), identifiers
of every shape, evasion by invisible and look-alike characters, placeholders,
and advisory matches on ordinary words."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.core.model import ParsedSource
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.privacy.matching import TOKEN
from vos_coder.privacy.normalise import fold_char, view
from vos_coder.privacy.pseudonymise import find_identifiers
from vos_coder.privacy.transform import Pseudonymiser, find_all, pseudonymise

# -- the matching view --------------------------------------------------------------------
TRICKY = ["abcAZ", "ë", "ç", "Ë", "Ç", "é", "ß", "ﬁ", "İ", "0", "1", "9", "-", "/", ".", ",", "\n\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad", "\u202e", "̈", "́", "а", "е", "о", "р", "с", "у", "х", "А", "В", "Е", "К", "М", "Н", "О", "Р", "С", "Т", "Х", "α", "ο", "ν", "ι", "Α", "Β", "Ε", "Ι", "Κ", "Ο", "Ρ", "Τ", "–", "—", "⁄", "ｆ", "ｏ"] + [" "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY) | st.characters(), max_size=60).map("".join))
def test_the_view_maps_every_folded_offset_back_exactly(text):
    v = view(text)
    assert v.folded == "".join(fold_char(c) for c in text)
    starts = [v.start(i) for i in range(len(v.folded))]
    assert starts == sorted(starts)
    for i, s in enumerate(starts):
        # folded[i] comes from text[s]: it sits inside fold_char(text[s]) at the
        # position the characters before s leave for it
        before = len("".join(fold_char(c) for c in text[:s]))
        assert before <= i < before + len(fold_char(text[s]))
        assert v.to_folded(s) == before
    for m in TOKEN.finditer(v.folded):
        s, e = v.span(m.start(), m.end())
        # the stored span is the smallest whose folded form covers the token
        assert v.to_folded(s) <= m.start() < v.to_folded(s + 1)
        core = e
        while core > s + 1 and unicodedata.category(text[core - 1])[0] == "M":
            core -= 1  # combining marks after the last letter belong to it
        assert v.to_folded(core - 1) < m.end() <= (v.to_folded(e) if e < len(text) else len(v.folded))
        folded_span = "".join(fold_char(c) for c in text[s:e])
        assert m.group() in folded_span
        if all(len(fold_char(c)) == 1 for c in text[s:core]):
            # exact up to the combining marks the span takes in after the token
            assert "".join(fold_char(c) for c in text[s:core]) == m.group()


def test_a_zero_width_name_maps_back_with_its_invisible_characters():
    text = "then Mi\u200bre\u00adla came"
    v = view(text)
    assert v.folded == "then mirela came"
    s, e = v.span(5, 11)
    assert text[s:e] == "Mi\u200bre\u00adla"


# -- identifiers of every shape ---------------------------------------------------------
@pytest.fixture
def key(tmp_path) -> KeyFile:
    k = KeyFile(tmp_path / "p.key")
    k.add("person", "Mirela Qosja", "VoS-AL-01")
    k.add("person", "Besnik Hoxha", "VoS-AL-02")
    k.add("person", "Klodian")
    k.add("person", "Mirela")  # a first name listed alone
    k.add("other", "114/2019")
    k.add("other", "KR-207/2021")
    k.add("other", "2018/553-TR")
    k.add("other", "12.03.2005")
    k.add("other", "Rruga Myslym Shyri 12")
    k.add("place", "Lushnjë")
    return k


def _found(text: str, key: KeyFile) -> list[str]:
    return [m.text for m in find_identifiers(text, key.identifiers)]


@pytest.mark.parametrize(("text", "whole"), [
    ("The case 114/2019 was closed.", "114/2019"),
    ("The case 114-2019 was closed.", "114-2019"),
    ("File KR-207/2021, second page.", "KR-207/2021"),
    ("File kr-207/2021.", "kr-207/2021"),
    ("Only 207/2021 was on the letter.", "207/2021"),  # the digits of KR-207/2021 alone
    ("Ref 2018/553-TR in the file.", "2018/553-TR"),
    ("Ref 2018/553 in the file.", "2018/553"),
    ("Born 12.03.2005 in winter.", "12.03.2005"),
    ("Born 12.3.2005 in winter.", "12.3.2005"),
    ("Born 12/03/2005 in winter.", "12/03/2005"),
    ("She lived at Rruga Myslym Shyri 12, near the school.", "Rruga Myslym Shyri 12"),
    ("A note on XY-114/2019-B in the margin.", "XY-114/2019-B"),  # widened to the whole run
])
def test_identifiers_with_digits_and_separators_match_whole(key, text, whole):
    assert _found(text, key) == [whole]


@pytest.mark.parametrize("text", [
    "The case 114/20190 was closed.", "The case 2114/2019 was closed.",
    "In 114, 2019 people came.", "Page 114 of the 2019 report.", "It was 12.03.2015.",
    "She lived at Rruga Myslym Shyri 14.",
])
def test_near_numbers_are_not_identifiers(key, text):
    assert [m for m in find_all(text, key) if m.kind == "other"] == []


def test_an_identifier_with_digits_is_replaced_as_a_whole(key):
    text = "Case KR-207/2021 and 2018/553-TR and 114/2019."
    out = pseudonymise(ParsedSource(text), find_all(text, key)).text
    assert out == "Case [REDACTED-2] and [REDACTED-3] and [REDACTED]."


# -- evasion ----------------------------------------------------------------------------------
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_an_invisible_character_inside_a_name_does_not_hide_it(key, mark):
    text = f"Later Mi{mark}rela Qos{mark}ja wrote to me."
    hits = find_all(text, key)
    assert [m.text for m in hits] == [f"Mi{mark}rela Qos{mark}ja"]
    out = pseudonymise(ParsedSource(text), hits).text
    assert out == "Later [NAME-1] wrote to me."


@pytest.mark.parametrize("form", [
    "\u041cirela Qosja",       # Cyrillic capital EM
    "Mir\u0435la Qosja",       # Cyrillic small IE
    "Mirela Q\u03bfsja",       # Greek small omicron
    "M\u0456rela Q\u043esja",  # Cyrillic small I and O
    "\u039cirela Qosj\u0430",  # Greek capital MU, Cyrillic small A
    "Кlodian",                 # Cyrillic capital KA
    "Lushnj\u0435\u0308",      # Cyrillic IE with a combining diaeresis
])
def test_look_alike_letters_do_not_hide_a_name(key, form):
    text = f"Later {form} wrote to me."
    hits = find_all(text, key)
    assert [m.text for m in hits] == [form]
    assert hits[0].how == "exact" and not hits[0].advisory


def test_evasion_combined_with_digits(key):
    text = "Case 114\u200b/2019 and KR\u2013207\u2044202\u200b1."
    assert _found(text, key) == ["114\u200b/2019", "KR\u2013207\u2044202\u200b1"]


# -- placeholders ----------------------------------------------------------------------------
def test_only_vos_coders_own_placeholders_are_skipped(key):
    text = "Then [KLODIAN] and [NAME-1] and [TOWN] and [PHONE] and [KLODIAN-2] came."
    assert _found(text, key) == ["KLODIAN", "KLODIAN-2"]  # a run with a digit: whole


def test_a_custom_replacement_of_the_list_is_a_placeholder(tmp_path):
    k = KeyFile(tmp_path / "c.key")
    k.add("person", "Teuta Kola", replacement="[TEUTA-K]")
    assert _found("Ask [TEUTA-K] and Teuta.", k) == ["Teuta"]


# -- precision: ordinary words ------------------------------------------------------------
@pytest.mark.parametrize(("text", "word"), [
    ("Ishte mirë që erdhe.", "mirë"),          # good, near Mirela
    ("Mirë, pra, fillojmë.", "Mirë"),           # at the start of a sentence
    ("Ai ishte besnik deri në fund.", "besnik"),  # loyal, of Besnik Hoxha
    ("Miresi, ajo erdhi.", "Miresi"),               # mirësi (kindness) without its ë
    ("We were mired in paperwork.", "mired"),   # English, near Mirela
])
def test_a_non_exact_match_on_an_ordinary_word_is_advisory(key, text, word):
    hits = [m for m in find_all(text, key) if m.text == word]
    assert hits and all(m.advisory for m in hits), find_all(text, key)


@pytest.mark.parametrize(("text", "name"), [
    ("Then Besnik said nothing.", "Besnik"),        # a name part written as a name
    ("then besnik hoxha said nothing.", "besnik hoxha"),  # the whole name, lower case
    ("Mirela Qosja was there.", "Mirela Qosja"),     # exact, at the start of a sentence
    ("Then Mirelës mother came.", "Mirelës"),        # inflected, written as a name
    ("Then Mirella came.", "Mirella"),               # misspelt, written as a name
])
def test_names_are_never_advisory(key, text, name):
    hits = [m for m in find_all(text, key) if m.text == name]
    assert hits and not any(m.advisory for m in hits)


def test_yes_never_replaces_an_advisory_word(key):
    text = "Participant: Ishte mirë, ai ishte besnik. Mirela Qosja erdhi; Besnik tha po."
    t = Pseudonymiser(key)
    out = t("VoS-AL-01", ParsedSource(text)).text
    assert out == "Participant: Ishte mirë, ai ishte besnik. [NAME-1] erdhi; [NAME-2] tha po."
    assert (t.replaced, t.advisory, t.rejected) == (2, 2, 0)


def test_a_name_part_that_is_also_a_word_is_replaced_when_written_as_a_name(key):
    text = "Besnik erdhi. Pastaj Besnik tha: ai ishte besnik."
    hits = find_all(text, key)
    assert [(m.text, m.advisory) for m in hits] == [("Besnik", False), ("Besnik", False),
                                                    ("besnik", True)]


def test_a_name_inside_a_hyphenated_word_without_digits_is_not_widened(tmp_path):
    k = KeyFile(tmp_path / "w.key")
    k.add("place", "Krujë")
    assert _found("We drove past Fushë-Krujë at night.", k) == ["Krujë"]
    k.add("other", "KR")
    assert _found("File 2019/114-KR was sent.", k) == ["2019/114-KR"]


def test_the_parsed_word_lists_are_cached_and_a_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    from vos_coder.privacy import lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.english.cache_clear()
    try:
        words = lexicon.english()
        cached = list((tmp_path / "vos-coder").glob("english-*.pickle"))
        assert len(cached) == 1 and "mire" in words
        cached[0].write_bytes(b"not a pickle")
        lexicon.english.cache_clear()
        assert lexicon.english() == words  # parsed again from the package
    finally:
        lexicon.english.cache_clear()


# -- an exact name part blocks, whatever the word (issue 12) ----------------------------------
@pytest.fixture
def drita(tmp_path):
    k = KeyFile(tmp_path / "d.key")
    k.add("person", "Drita Kola")  # drita is also "the light"
    k.add("person", "Flutura")     # flutura is also "the butterfly"
    return k


@pytest.mark.parametrize(("text", "word", "advisory"), [
    ("Drita erdhi vonë.", "Drita", False),                # opening a text that never writes Kola
    ("Shkova në shkollë. Drita më priti.", "Drita", False),  # opening a later sentence
    ("Ai tha: Drita e di.", "Drita", False),              # after a colon
    ("DRITA ERDHI.", "DRITA", False),                      # all capitals
    ("Pastaj Dritës i thashë.", "Dritës", False),          # a case ending on the name
    ("Drita e diellit hyri në dhomë.", "Drita", False),    # the light, but spelt as the list does
    ("drita e diellit hyri në dhomë.", "drita", True),     # the light in lower case: the word
    ("Pashë që flutura ishte e verdhë.", "flutura", False),              # a whole one-word identifier: any case
])
def test_a_registered_name_part_spelt_as_registered_blocks(drita, text, word, advisory):
    hits = [m for m in find_all(text, drita) if m.text == word]
    assert [m.advisory for m in hits] == [advisory], find_all(text, drita)


def test_a_misspelt_capital_opening_a_sentence_stays_advisory(drita):
    # Futura (a typo of Flutura, and a word) opening a sentence: not as registered
    hits = find_all("Futura ishte një fjalë.", drita)
    assert [(m.text, m.how, m.advisory) for m in hits] == [("Futura", "fuzzy", True)]


def test_a_spacing_mark_after_a_name_is_taken_into_its_span():
    """Found by hypothesis: a spacing combining mark (Gujarati ા, category Mc)
    after the token's last letter is not part of the token but is part of the
    span, so the replaced text leaves no stray mark behind."""
    text = "ß abcAZા"
    v = view(text)
    m = list(TOKEN.finditer(v.folded))[-1]
    assert m.group() == "abcaz"
    assert v.span(m.start(), m.end()) == (2, 8)
