"""A name typed in more pieces than it has words: "Ar di ta Hoxha" for Ardita
Hoxha (four pieces for two words), "Alketa Bre ga si Dushku". The pieces,
joined, are compared with the joined name, in windows of as many pieces as
the letters allow; the whole run is one hit, so no piece of the name is left
beside the placeholder. Short lower-case words side by side are text, and an
ordinary word beside the name stays. Fictional names only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.privacy.conftest import key_with
from vos_coder.core.model import ParsedSource
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.privacy.pseudonymise import find_identifiers
from vos_coder.privacy.transform import Pseudonymiser, find_all

IDS = [("person", "Ardita Hoxha"), ("person", "Blerina Kastrati"), ("person", "Elda Mali"),
       ("place", "Fushë-Krujë"), ("person", "Ema Lo"), ("person", "Alketa Bregasi Dushku")]


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> KeyFile:
    return key_with(tmp_path_factory.mktemp("windows"), IDS)


def _hits(text: str, key: KeyFile) -> list[tuple]:
    """What `privacy check` lists: the matched text, how, score (and advisory)."""
    return [(m.text, m.how, m.score) + ((True,) if m.advisory else ())
            for m in find_identifiers(text, key.identifiers)]


PIECES = [
    # two words in four pieces, split at different places
    ("Pastaj Ar di ta Hoxha erdhi.", [("Ar di ta Hoxha", "fuzzy", 100.0)]),
    ("Pastaj A rdi ta Hoxha erdhi.", [("A rdi ta Hoxha", "fuzzy", 100.0)]),
    ("Pastaj Ard it a Hoxha erdhi.", [("Ard it a Hoxha", "fuzzy", 100.0)]),
    ("Pastaj Ardita Ho xh a erdhi.", [("Ardita Ho xh a", "fuzzy", 100.0)]),
    ("Pastaj Ardi ta Hox ha erdhi.", [("Ardi ta Hox ha", "fuzzy", 100.0)]),
    ("Pastaj Ardita Hox h a erdhi.", [("Ardita Hox h a", "fuzzy", 100.0)]),
    ("Pastaj Blerina Kas tra ti erdhi.", [("Blerina Kas tra ti", "fuzzy", 100.0)]),
    ("Pastaj Ble ri na Kastrati erdhi.", [("Ble ri na Kastrati", "fuzzy", 100.0)]),
    # and three pieces for two words with the first one split (was left: "Ar dita")
    ("Pastaj Ar dita Hoxha erdhi.", [("Ar dita Hoxha", "fuzzy", 100.0)]),
    # a typing error as well as the pieces
    ("Pastaj Ar di ta Hoxa erdhi.", [("Ar di ta Hoxa", "fuzzy", 90.9)]),
    # at the start and the end of a text, and the pieces in capitals
    ("Ar di ta Hoxha erdhi.", [("Ar di ta Hoxha", "fuzzy", 100.0)]),
    ("E pashë Ardi ta Hox ha", [("Ardi ta Hox ha", "fuzzy", 100.0)]),
    ("AR DI TA HOXHA erdhi.", [("AR DI TA HOXHA", "fuzzy", 100.0)]),
    # three words in five pieces (k + 2), and in six
    ("Pastaj Al keta Bregasi Dushku erdhi.", [("Al keta Bregasi Dushku", "fuzzy", 100.0)]),
    ("Pastaj Al ke ta Bregasi Dushku erdhi.", [("Al ke ta Bregasi Dushku", "fuzzy", 100.0)]),
    ("Pastaj Alketa Bre ga si Dushku erdhi.", [("Alketa Bre ga si Dushku", "fuzzy", 100.0)]),
    ("Pastaj Alketa Bregasi Du sh ku erdhi.", [("Alketa Bregasi Du sh ku", "fuzzy", 100.0)]),
    # every letter the name allows: two too many, in four pieces, at the end or
    # before the part (a window reaches exactly as far as the letters allow)
    ("Pastaj Ardi tax Ho xhaa erdhi.", [("Ardi tax Ho xhaa", "fuzzy", 81.8)]),
    ("Pastaj Ar di ta Hoxhave erdhi.", [("Ar di ta Hoxhave", "fuzzy", 81.8)]),
    # a whole match of longer words than the name's still reaches its last word
    ("Pastaj Arditave Hoxhave erdhi.", [("Arditave Hoxhave", "inflected", 97.0)]),
    # a place of two words
    ("Ajo jetonte në Fu shë Krujë.", [("Fu shë Krujë", "fuzzy", 100.0)]),
    ("Ajo jetonte në Fushë Kru j ë.", [("Fushë Kru j ë", "fuzzy", 100.0)]),
]


@pytest.mark.parametrize(("text", "expected"), PIECES)
def test_a_name_typed_in_pieces_is_one_hit(key, text, expected):
    assert _hits(text, key) == expected


NOT_A_NAME = [
    # short lower-case words side by side are text, even when they join into a
    # name: only the part written as a word is shown (advisory, lower case)
    ("pastaj ar di ta hoxha erdhi.", [("hoxha", "part", 90.0, True)]),
    ("pastaj al ke ta bregasi dushku erdhi.", [("bregasi dushku", "part", 90.0, True)]),
    # one piece more than the name's words is a name in lower case too
    ("pastaj ard ita hoxha erdhi.", [("ard ita hoxha", "fuzzy", 100.0)]),
    ("pastaj ardit ahoxha erdhi.", [("ardit ahoxha", "fuzzy", 100.0)]),
    # an ordinary word beside the name stays in the text
    ("A Ardita Hoxha erdhi?", [("Ardita Hoxha", "exact", 100.0)]),
    ("A Ar di ta Hoxha erdhi?", [("Ar di ta Hoxha", "fuzzy", 100.0)]),
    ("Ardita Hoxh e tha.", [("Ardita Hoxh", "fuzzy", 95.0)]),
    ("ArditaHoxh e tha.", [("ArditaHoxh", "fuzzy", 90.9)]),  # as close with "e": fewer words
    ("Alketa BregasiDushk u erdhi.", [("Alketa BregasiDushk u", "fuzzy", 100.0)]),
    ("Ar di ta Hoxha e tha.", [("Ar di ta Hoxha", "fuzzy", 100.0)]),
    ("Pastaj Ardi ta Hox ha ha qeshi.", [("Ardi ta Hox ha", "fuzzy", 100.0)]),
    # pieces whose letters are too many for the name
    ("Pastaj Ar di ta mi re Hoxha erdhi.", [("Hoxha", "part", 90.0)]),
    # pieces across a dash, or lines apart, are not one name
    ("Ar di ta — Hoxha erdhi.", [("Hoxha", "part", 90.0)]),
    ("Ar di ta\n\n\nHoxha erdhi.", [("Hoxha", "part", 90.0)]),
    # ordinary words that join into something near a short name (Ema Lo: emalo)
    ("Pastaj e ma lo dhi shumë.", []),
    ("E ma lo pak.", []),
    ("Pastaj E ma lo erdhi.", []),
]


@pytest.mark.parametrize(("text", "expected"), NOT_A_NAME)
def test_what_is_not_a_name_typed_in_pieces(key, text, expected):
    assert _hits(text, key) == expected


def test_the_pseudonymised_text_keeps_no_piece_of_the_name(key):
    text = ("Intervistuesja: Kush të ndihmoi?\n\nPjesëmarrësja: Ar di ta Hoxha, pastaj "
            "Alketa Bre ga si Dushku. A Ardi ta Hox ha e di? E ma lo pak.\n")
    t = Pseudonymiser(key)
    out = t("VoS-AL-04", ParsedSource(text)).text
    assert out == ("Intervistuesja: Kush të ndihmoi?\n\nPjesëmarrësja: [NAME-1], pastaj "
                   "[NAME-5]. A [NAME-1] e di? E ma lo pak.\n")
    assert t.replaced == 3


# -- property test: one word of a two-word name intact, the other in 2 or 3 pieces --------
TWO_WORDS = ["Ardita Hoxha", "Blerina Kastrati", "Dritan Qosja", "Ilirjana Çela",
             "Gëzim Rexhëpi", "Teuta Kola"]
FILLER = ["pastaj", "erdhi", "tha", "po", "nuk", "shkolla", "then", "she", "came", "and", "told",
          "me", "about", "the", "teacher", "helped", "her", "a", "lot", "nothing"]


@st.composite
def split_names(draw) -> tuple[str, int, int, str]:
    """Filler, then a listed name with one of its words cut into 2 or 3 pieces
    (the first letter of the first piece a capital, as the name writes it),
    then filler. Returns (text, start, end, value)."""
    value = draw(st.sampled_from(TWO_WORDS))
    words = value.split()
    which = draw(st.integers(0, 1))
    word = words[which]
    cuts = sorted(draw(st.sets(st.integers(1, len(word) - 1), min_size=1, max_size=2)))
    pieces = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    words[which] = " ".join(pieces)
    name = " ".join(words)
    before = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=4)))
    after = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=4)))
    text = (before + " " if before else "") + name + (" " + after if after else "") + "."
    start = len(before) + bool(before)
    return text, start, start + len(name), value


@pytest.fixture(scope="module")
def two_words_key(tmp_path_factory) -> KeyFile:
    return key_with(tmp_path_factory.mktemp("two"), [("person", v) for v in TWO_WORDS])


@settings(max_examples=150, deadline=None)
@given(split_names())
def test_a_two_word_name_with_a_word_cut_in_pieces_is_replaced_whole(two_words_key, case):
    text, start, end, value = case
    hits = [h for h in find_all(text, two_words_key) if h.start < end and h.end > start]
    assert [(text[h.start:h.end], h.advisory) for h in hits] == [(text[start:end], False)], text
    assert hits[0].placeholder == two_words_key.placeholder_for("person", value)


# -- which window wins, and which name ------------------------------------------------------
def test_of_two_windows_as_close_the_one_that_starts_nearer_the_name_wins(key):
    """ "A" asks a question; "Adita" is Ardita with a letter dropped. "Adita
    Hoxha" and "A Adita Hoxha" are each one typing error from the name: the
    question word stays in the text."""
    text = "A Adita Hoxha erdhi sot?"
    assert _hits(text, key) == [("Adita Hoxha", "fuzzy", 90.9)]
    assert Pseudonymiser(key)("VoS-AL-04", ParsedSource(text)).text == "A [NAME-1] erdhi sot?"


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> KeyFile:
    """Two places, the one inside the other's name listed first."""
    return key_with(tmp_path_factory.mktemp("places"), [("place", "Fushë-Krujë"),
                                                          ("place", "Fushë-Krujë e Re")])


@pytest.mark.parametrize(("text", "matched"), [
    ("Ajo jetonte në FushëKrujë e Re.", "FushëKrujë e Re"),  # found as a window
    ("Ajo jetonte në Fu shë Krujë e Re.", "Fu shë Krujë e Re"),  # a window before Krujë
    ("Ajo jetonte në Fushë-Krujë e Re.", "Fushë-Krujë e Re"),
    ("Ajo jetonte në Fushë-Krujë.", "Fushë-Krujë"),
    ("Ajo jetonte në Fu shë Krujë.", "Fu shë Krujë"),
])
def test_the_place_of_more_words_wins_however_the_shorter_was_found(places, text, matched):
    """Fushë-Krujë e Re is another place than Fushë-Krujë: found in the same
    words, the longer name is the hit, and no "e Re" is left beside the
    shorter one's placeholder. Its last words ("e", "Re") are too short to
    find it again on their own."""
    hits = find_identifiers(text, places.identifiers)
    value = "Fushë-Krujë e Re" if matched.endswith("Re") else "Fushë-Krujë"
    assert [(h.text, h.placeholder) for h in hits] == [
        (matched, places.placeholder_for("place", value))]
    out = Pseudonymiser(places)("VoS-AL-04", ParsedSource(text)).text
    assert out == f"Ajo jetonte në {places.placeholder_for('place', value)}."


def test_a_whole_match_and_a_window_as_close_give_one_hit(tmp_path):
    """Ardiana Dushku Bregasi has 20 letters: "Bregas" (its stem, 95) and the
    whole run one letter short (1 in 20, 95) score the same; one hit."""
    k = key_with(tmp_path, [("person", "Ardiana Dushku Bregasi")])
    text = "Ajo erdhi me Ardiana Dushku Bregas."
    assert _hits(text, k) == [("Ardiana Dushku Bregas", "fuzzy", 95.0)]
    assert Pseudonymiser(k)("VoS-AL-04", ParsedSource(text)).text == "Ajo erdhi me [NAME-1]."
