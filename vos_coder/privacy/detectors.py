"""Pattern detectors for identifying details that no list can hold: phone
numbers, e-mail addresses, URLs, social handles, street addresses, dates of
birth and national ID numbers. Pure regular expressions over the text.

Choices, checked against the clean sample transcripts (no false alarm there):
- phones: +355 / 00355 forms, and national numbers starting with 0 of 9-10
  digits with optional spaces, dashes or dots; short service numbers such as
  the 116 111 helpline are public and not flagged;
- dates: only complete dates (day, month and year), which are what a date of
  birth looks like; a year alone or "in March" is not flagged;
- national IDs: the Albanian card number shape, a letter, 8 digits, a letter;
- addresses: a street word (Rruga, Rr., Bulevardi, Lagjja, Pallati, Street,
  Road, Avenue...) followed by a name and/or a number, ending on a whole
  capitalised word or a number ("Rruga e Kavajës 14"; not "Rruga ishte e
  gjatë", the road was long).
"""

from __future__ import annotations

import re

from vos_coder.privacy.pseudonymise import Match

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
           "janar|shkurt|mars|prill|maj|qershor|korrik|gusht|shtator|tetor|nëntor|nentor|dhjetor")
_NAME = r"(?:[A-ZÇË][\w'’.-]*|e|i|së|se|të|te)"

PATTERNS: dict[str, tuple[str, re.Pattern[str]]] = {
    "email": ("[EMAIL]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    "url": ("[URL]", re.compile(
        r"(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]"
        r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|al|org|net|info|eu|io|me)(?:/[^\s<>()\"']*[^\s<>()\"'.,;:!?])?\b",
        re.IGNORECASE)),
    "handle": ("[HANDLE]", re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")),
    "phone": ("[PHONE]", re.compile(
        r"(?<![\w+])(?:(?:\+|00)\s?355[\s.-]?\(?0?\)?\s?\d{2}(?:[\s.-]?\d){6,7}"
        r"|\(?0\d{1,2}\)?[\s.-]?\d{2,3}(?:[\s.-]?\d){4,5})(?!\w)")),
    "date of birth": ("[DATE OF BIRTH]", re.compile(
        r"\b(?:[0-3]?\d[./-][01]?\d[./-](?:19|20)\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d"
        rf"|[0-3]?\d(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d"
        rf"|(?:{_MONTHS})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)\b", re.IGNORECASE)),
    "national id": ("[ID NUMBER]", re.compile(r"\b[A-Z]\d{8}[A-Z]\b")),
    "address": ("[ADDRESS]", re.compile(
        rf"\b(?:Rruga|Rrugës|Rrugën|Rr\.|Bulevardi|Bulevardit|Blv\.|Lagjja|Lagjen|Lagjes|Lagja|"
        rf"Pallati|Pallatit|Pall\.)\s+(?:{_NAME}\s+){{0,3}}(?:(?:nr\.?|no\.?)\s*)?(?:\d+[A-Za-z]?|[A-ZÇË][\w'’.-]*)(?!\w)"
        r"|\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|"
        r"Lane|Boulevard|Square)"
        r"|\b(?:[A-Z][\w'-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Boulevard)\s+(?:no\.?\s*)?\d{1,4}\b")),
}


# Cheap tests that rule a pattern out for a whole text, or find where it can
# match: scanning a million words with every pattern took seconds, most of it
# trying the date and URL patterns at every word.
_YEAR = re.compile(r"(?:19|20)\d\d")  # every complete date holds a year, at its end or start


_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")  # a phone number holds 7+ digits
_EIGHT_DIGITS = re.compile(r"\d{8}")


_STREET_WORDS = ("Rrug", "Rr.", "Bulevard", "Blv.", "Lagj", "Pall", "Street", "St.", "Road", "Rd.",
                 "Avenue", "Ave.", "Lane", "Square")
_URL_WORDS = ("://", "www.", ".com", ".al", ".org", ".net", ".info", ".eu", ".io", ".me")


def _finditer(kind: str, pattern: re.Pattern[str], text: str, digits: bool, lower: str):
    if kind == "phone":
        return pattern.finditer(text) if digits and _SEVEN_DIGITS.search(text) else ()
    if kind == "national id":
        return pattern.finditer(text) if digits and _EIGHT_DIGITS.search(text) else ()
    if kind == "address":
        return pattern.finditer(text) if any(w in text for w in _STREET_WORDS) else ()
    if kind in ("email", "handle"):
        return pattern.finditer(text) if "@" in text else ()
    if kind == "url":
        return pattern.finditer(text) if any(w in lower for w in _URL_WORDS) else ()
    if kind == "date of birth":
        return _near_years(pattern, text) if digits else ()
    return pattern.finditer(text)


def _near_years(pattern: re.Pattern[str], text: str):
    """Date matches, looked for only around the years in the text."""
    seen: set[tuple[int, int]] = set()
    end = -1
    for y in _YEAR.finditer(text):
        lo = max(y.start() - 40, end, 0)
        for w in pattern.finditer(text, lo, min(len(text), y.end() + 12)):
            # matched again on the whole text: the window's end is not the text's,
            # and "12.03.2004she" is no date although it ends where a window does
            m = pattern.match(text, w.start())
            if m is not None and (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                end = max(end, m.end())
                yield m


def detect(text: str) -> list[Match]:
    """Every pattern hit in text (overlaps allowed; merge_matches resolves them)."""
    hits: list[Match] = []
    digits = any(d in text for d in "0123456789")  # substring tests: far faster than a scan
    lower = text.lower() if "." in text or "://" in text else ""  # every URL word holds one
    for kind, (placeholder, pattern) in PATTERNS.items():
        for m in _finditer(kind, pattern, text, digits, lower):
            span = m.group().rstrip()
            if kind == "url" and "@" in text[max(0, m.start() - 1):m.start() + 1]:
                continue  # the domain of an e-mail address
            hits.append(Match(m.start(), m.start() + len(span), span, kind,
                              placeholder, 100.0, "pattern"))
    return hits
