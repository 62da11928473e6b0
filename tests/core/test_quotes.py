"""Display-text rules: what a faithful quote may change, and how a departure is reported."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.quotes import (
    check_display_text,
    departure,
    normalise_marks,
    parse_quote_ref,
    printed_text,
    quote_label,
)
from vos_coder.errors import UnfaithfulQuote

SOURCE = ("Participant: At the station they wanted the messages printed on paper. "
          "Nobody told me what would happen next, and I waited for weeks.")


@pytest.mark.parametrize("display", [
    "they wanted the messages printed on paper.",
    "[…] they wanted the messages printed on paper. […] I waited for weeks.",
    "[...] they wanted the messages printed on paper [...] I waited for weeks",
    "[The police] wanted the messages printed on paper.",
    "Nobody told me what would happen next, and I waited [several] weeks.",
    "NOBODY told me what would happen next",  # case is not a difference
    "At the station they wanted the messages printed on paper. Nobody told me",
])
def test_faithful_display_texts_are_accepted(display):
    assert departure(SOURCE, display) is None
    check_display_text(SOURCE, display)


def test_marks_are_normalised():
    assert normalise_marks("a  [...]  b [ … ] c") == "a […] b […] c"
    assert check_display_text(SOURCE, "they wanted [...] paper.") == "they wanted […] paper."


def test_a_changed_word_is_refused_and_located():
    with pytest.raises(UnfaithfulQuote) as exc:
        check_display_text(SOURCE, "they wanted the photos printed on paper.")
    msg = str(exc.value)
    assert "departs from the source at 'photos'" in msg
    assert "the source continues with 'messages'" in msg


def test_a_silent_cut_is_refused_and_names_the_missing_words():
    with pytest.raises(UnfaithfulQuote) as exc:
        check_display_text(SOURCE, "Nobody told me what would happen, and I waited.")
    msg = str(exc.value)
    assert "left out without […] before 'and'" in msg and "the source has 'next' there" in msg
    # Ending early is not a cut: a quote may stop anywhere.
    assert departure(SOURCE, "Nobody told me what would happen next, and I waited.") is None
    exc2 = pytest.raises(UnfaithfulQuote, check_display_text, SOURCE,
                         "they wanted printed on paper")
    assert "'the messages'" in str(exc2.value)


def test_reordered_words_are_refused_with_the_closest_source_text():
    with pytest.raises(UnfaithfulQuote) as exc:
        check_display_text(SOURCE, "I waited for weeks. Nobody told me what would happen")
    msg = str(exc.value)
    assert "departs from the source at 'Nobody'" in msg
    assert "closest in the source" in msg


@pytest.mark.parametrize("display, fragment", [
    ("[…]", "no words from the source"),
    ("[added] [words only]", "no words from the source"),
    ("they wanted [the messages printed", "not closed"),
    ("they wanted] the messages", "not closed"),
])
def test_degenerate_display_texts_are_refused(display, fragment):
    with pytest.raises(UnfaithfulQuote, match=fragment.replace("[", r"\[")):
        check_display_text(SOURCE, display)


WORDS = SOURCE.split()


@given(st.integers(0, len(WORDS) - 2), st.integers(1, 5), st.integers(1, 6))
def test_any_cut_marked_with_an_omission_is_faithful(start, cut, keep):
    """Keep some words, drop a run of words marked […], keep some more: always faithful."""
    head = WORDS[max(0, start - keep):start + 1]
    tail = WORDS[start + 1 + cut:start + 1 + cut + keep]
    display = " ".join(head) + " […] " + " ".join(tail)
    assert departure(SOURCE, display) is None


@given(st.integers(0, len(WORDS) - 3))
def test_dropping_a_word_silently_is_always_caught(i):
    kept = WORDS[:i + 1] + WORDS[i + 2:]
    display = " ".join(kept)
    dropped = WORDS[i + 1].strip(".,:")
    if any(w.strip(".,:").casefold() == dropped.casefold() for w in WORDS[i + 2:i + 3]):
        return  # "the the": dropping one of two equal words changes nothing
    assert departure(SOURCE, display) is not None


def test_labels_and_printed_text():
    assert quote_label(17) == "Q-017" and quote_label(1234) == "Q-1234"
    assert [parse_quote_ref(r) for r in ("Q-017", "q17", "17", "Q017", "x", "")] == [17, 17, 17, 17, -1, -1]
    assert printed_text("a\n  b ", None) == "a b"
    assert printed_text("a b c", "a […] c") == "a […] c"
