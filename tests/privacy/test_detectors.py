"""The pattern detectors (privacy/detectors.py) checked against their
definition: every match of every pattern, found by running each pattern over
the whole text (what the cheap prefilters must never change), and each
detector by examples from the study's shapes (fictional numbers and places)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.privacy.detectors import PATTERNS, detect


def by_definition(text: str) -> list[tuple[int, int, str, str, str]]:
    """Every match of every pattern over the whole text, its trailing blanks
    cut, less a URL that is an e-mail address's domain."""
    out = []
    for kind, (placeholder, pattern) in PATTERNS.items():
        for m in pattern.finditer(text):
            span = m.group().rstrip()
            if kind == "url" and "@" in text[max(0, m.start() - 1):m.start() + 1]:
                continue
            out.append((m.start(), m.start() + len(span), span, kind, placeholder))
    return sorted(out)


def found(text: str) -> list[tuple[int, int, str, str, str]]:
    hits = detect(text)
    assert all(h.score == 100.0 and h.how == "pattern" and not h.advisory for h in hits)
    return sorted((h.start, h.end, h.text, h.kind, h.placeholder) for h in hits)


PIECES = st.sampled_from([
    "she called", "+355 69 123 4567", "069 123 4567", "04 223 3445", "116 111", "on",
    "12.03.2004", "2004-03-12", "12 March 2004", "March 12, 2004", "12 mars 2004", "in 2004",
    "J12345678K", "arta.k@example.al", "example.al", "www.qendra-shpresa.org/ndihma",
    "@arta_k", "Rruga e Kavajës 14", "Rruga ishte e gjatë", "Bulevardi Zogu I", "14 Elm Street",
    "Elm Road no. 7", "Lagjja 5", "Pall. 12", "1234567", "12345678", ".", ",", "\n", "the",
    "Lushnjë", "19", "20", "-", "@", "www.", "http://a.b", "nëntor", "3rd", "Rr.", "nr. 4",
    "http://qendra/ndihma", "@qendra.al",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=14), st.lists(st.sampled_from([" ", "", "  ", "\n"]), max_size=14))
def test_detect_finds_exactly_what_every_pattern_finds_over_the_whole_text(pieces, gaps):
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    assert found(text) == by_definition(text)


@pytest.mark.parametrize("text, kind, shown", [
    ("call me on +355 69 123 4567 tonight", "phone", "+355 69 123 4567"),
    ("her number 069 123 4567.", "phone", "069 123 4567"),
    ("born 12.03.2004 in the north", "date of birth", "12.03.2004"),
    ("born on 12 nëntor 2004", "date of birth", "12 nëntor 2004"),
    ("born March 3rd, 2004", "date of birth", "March 3rd, 2004"),
    ("card J12345678K at the desk", "national id", "J12345678K"),
    ("write to arta.k@example.al now", "email", "arta.k@example.al"),
    ("see www.qendra-shpresa.org/ndihma.", "url", "www.qendra-shpresa.org/ndihma"),
    ("follow @arta_k there", "handle", "@arta_k"),
    ("we lived at Rruga e Kavajës 14, second floor", "address", "Rruga e Kavajës 14"),
    ("at 14 Elm Street it began", "address", "14 Elm Street"),
])
def test_each_detector_finds_its_shape(text, kind, shown):
    assert [(h.kind, h.text, text[h.start:h.end]) for h in detect(text)] == [(kind, shown, shown)]


@pytest.mark.parametrize("text", [
    "the helpline 116 111 is public", "in March 2004 we moved", "Rruga ishte e gjatë.",
    "we met in 2019", "she was 19", "an e-mail like arta at example", "1,234 people",
])
def test_ordinary_text_is_not_flagged(text):
    assert detect(text) == []


def test_an_email_domain_is_not_also_a_url():
    assert [h.kind for h in detect("arta.k@example.al")] == ["email"]


def test_a_url_without_a_dot_is_found():
    """An intranet address has no dot; the URL prefilter once looked only at
    texts with one, so it was never reported."""
    assert [(h.kind, h.text) for h in detect("the form is at http://qendra/ndihma today")] == [
        ("url", "http://qendra/ndihma")]


def test_a_handle_at_the_start_of_a_text_is_not_also_a_url():
    assert [(h.kind, h.text) for h in detect("@qendra.al wrote back")] == [("handle", "@qendra.al")]


def test_a_url_after_an_email_address_is_still_found():
    hits = detect("arta@example.al sent www.qendra-shpresa.org to us")
    assert [(h.kind, h.text) for h in hits] == [("email", "arta@example.al"),
                                                 ("url", "www.qendra-shpresa.org")]


def test_a_date_cut_off_by_the_window_around_a_year_is_matched_on_the_whole_text():
    """Found by the property test above: dates are looked for in a window
    around each year, and a window ending just after "2004" made
    "12.03.2004she" look like a date the whole text does not hold."""
    text = "12.03.2004  12.03.2004she called"
    assert found(text) == by_definition(text) == [
        (0, 10, "12.03.2004", "date of birth", "[DATE OF BIRTH]")]


def test_a_text_holding_every_digit_is_still_searched_for_numbers():
    """The digit prefilter asks whether the text holds any digit at all: a
    phone number with all ten digits (068 123 4579) is found like any other."""
    text = "her number was 068 123 4579, born 12.03.2004"
    assert found(text) == by_definition(text)
    assert {h.kind for h in detect(text)} >= {"phone", "date of birth"}
