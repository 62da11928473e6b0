"""A test set for detection: fictional identifiers seeded into fictional text
in every variant form the issue names, and clean text to count false alarms."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vos_coder.privacy.keyfile import KeyFile

SAMPLES = Path(__file__).resolve().parents[2] / "sample_transcripts"

# Fictional people, places, schools, organisations (none taken from real reports).
PEOPLE = ["Ardita Hoxha", "Blerina Kastrati", "Erjona Dervishi", "Mirela Qosja", "Valbona Leka",
          "Rezarta Gjoni", "Klodiana Murati", "Fatjona Berisha", "Arbër Tafaj", "Gentian Shehaj",
          "Eriselda Marku", "Dorina Pepa", "Xhesika Topalli", "Luljeta Brahimi", "Orkida Zeneli",
          # names that are also ordinary Albanian words: loyal, light, butterfly
          "Besnik Lleshi", "Drita Kola", "Flutura"]
PLACES = ["Lushnjë", "Fushë-Krujë", "Gramsh", "Peshkopi", "Ersekë", "Bulqizë", "Cërrik"]
SCHOOLS = ["Shkolla Ismail Qemali", "Gjimnazi Petro Nini Luarasi", "Shkolla Lef Nosi"]
ORGS = ["Shoqata Dritë e Re"]
# Case numbers, a date of birth, a house number: identifiers holding digits.
CODES = ["KR-114/2019", "2019/207-TR", "12.03.2005", "Rruga Myslym Shyri 12"]

ENDINGS_A = ["ës", "ën", "s", "n"]        # stems in -a/-ë: Ardita -> Arditës, Arditën
ENDINGS_C = ["it", "in", "i", "a", "e"]   # consonant stems: Gramsh -> Gramshit, Gramshin

TEMPLATES = [
    "Then {x} called me again and asked how I was doing at home.",
    "I told the counsellor that {x} had already heard about it from someone else.",
    "We took the bus from {x} in the morning and came back late.",
    "Nobody at the office mentioned {x}, so I stopped asking about it.",
    "My cousin said that {x} would be a better place to start.",
    "It was the week after {x} when everything became public.",
    "{x} was the first thing the officer wrote down.",  # at the start of a sentence
    "Nobody knew. {x} had not told anyone yet.",
]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
# Latin letter -> a Cyrillic or Greek letter that looks the same
LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "j": "ј",
             "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "Ο", "P": "Р",
             "T": "Т", "X": "Х", "Z": "Ζ", "N": "Ν", "I": "І"}


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def inflect(word: str) -> list[str]:
    if word[-1] in "aëe":
        stem = word[:-1]
        return [stem + "ës", stem + "ën", word + "s", word + "n"] if word[-1] == "a" else \
            [stem + "ës", stem + "ën", stem + "a", stem + "ës"]
    return [word + e for e in ENDINGS_C]


def typo(word: str, n: int, rng: random.Random) -> str:
    """n typing errors (substitution, deletion, transposition), never on the first letter."""
    w = list(word)
    for _ in range(n):
        i = rng.randrange(1, len(w) - 1)
        op = rng.choice(["sub", "del", "swap"])
        if op == "sub":
            w[i] = rng.choice([c for c in "aeiourtnsl" if c != w[i]])
        elif op == "del":
            del w[i]
        else:
            w[i], w[i + 1] = w[i + 1], w[i]
    return "".join(w)


@dataclass(frozen=True)
class Seeded:
    form: str
    variant: str
    value: str


def hide(value: str, rng: random.Random) -> tuple[str, str]:
    """An invisible character inside the longest word."""
    words = value.split()
    w = max(words, key=len)
    i = rng.randrange(1, len(w))
    mark = rng.choice(INVISIBLE)
    return " ".join(x if x != w else w[:i] + mark + w[i:] for x in words), \
        "soft hyphen" if mark == "\u00ad" else "zero-width"


def lookalike(value: str, rng: random.Random) -> str:
    """One or two letters replaced by a Cyrillic or Greek look-alike."""
    spots = [i for i, c in enumerate(value) if c in LOOKALIKE]
    chosen = rng.sample(spots, min(len(spots), rng.choice([1, 2])))
    return "".join(LOOKALIKE[c] if i in chosen else c for i, c in enumerate(value))


def code_variants(value: str, rng: random.Random) -> list[Seeded]:
    """The forms of an identifier holding digits."""
    out = [Seeded(value, "exact", value), Seeded(value.lower(), "lower case", value)]
    swapped = value.translate(str.maketrans({"/": "-", "-": "/", ".": "/"}))
    out.append(Seeded(swapped, "other separator", value))
    out.append(Seeded(*hide(value, rng), value))
    out.append(Seeded(lookalike(value, rng), "look-alike letter", value))
    out.append(Seeded(re.sub(r"\b0(\d)", r"\1", value), "leading zeros", value))
    digits = re.search(r"\d[\d/.-]*\d", value)
    if digits and digits.group() != value and not value.startswith("Rruga"):
        out.append(Seeded(digits.group(), "digits alone", value))
    return out


def variants(value: str, rng: random.Random) -> list[Seeded]:
    """Every variant form of one identifier."""
    if any(c.isdigit() for c in value):
        return code_variants(value, rng)
    out = [Seeded(value, "exact", value), Seeded(value.lower(), "lower case", value),
           Seeded(value.upper(), "upper case", value)]
    if strip_accents(value) != value:
        out.append(Seeded(strip_accents(value), "no diacritics", value))
    words = value.split()
    last = words[-1]
    for f in inflect(last) if len(last) >= 3 else []:
        out.append(Seeded(" ".join(words[:-1] + [f]), "inflected", value))
    for w in words:
        if len(w) >= 5:
            out.append(Seeded(" ".join(x if x != w else typo(w, 1, rng) for x in words), "1 typo", value))
        if len(w) >= 8:
            out.append(Seeded(" ".join(x if x != w else typo(w, 2, rng) for x in words), "2 typos", value))
    out.append(Seeded(*hide(value, rng), value))
    out.append(Seeded(lookalike(value, rng), "look-alike letter", value))
    if len(words) > 1:
        for w in words:
            # generic words never identify alone (GENERIC in pseudonymise.py)
            if len(w) >= 3 and w.lower() not in ("shkolla", "gjimnazi", "shoqata", "e", "re"):
                out.append(Seeded(w, "part", value))
                for f in inflect(w)[:2]:
                    out.append(Seeded(f, "part inflected", value))
    return out


def key_file(path: Path) -> KeyFile:
    key = KeyFile(path)
    for v in PEOPLE:
        key.add("person", v)
    for v in PLACES:
        key.add("place", v)
    for v in SCHOOLS:
        key.add("school", v)
    for v in ORGS:
        key.add("organisation", v)
    for v in CODES:
        key.add("other", v)
    return key


def seeded_text(seed: int = 7) -> tuple[str, list[tuple[int, int, Seeded]]]:
    """Fictional text with every variant of every identifier seeded once; the spans."""
    rng = random.Random(seed)
    parts: list[str] = []
    spans: list[tuple[int, int, Seeded]] = []
    pos = 0
    for value in PEOPLE + PLACES + SCHOOLS + ORGS + CODES:
        for s in variants(value, rng):
            before, after = rng.choice(TEMPLATES).split("{x}")
            start = pos + len(before)
            parts.append(before + s.form + after + " ")
            spans.append((start, start + len(s.form), s))
            pos += len(parts[-1])
    return "".join(parts), spans


ORDINARY = Path(__file__).resolve().parent / "ordinary"


def ordinary_albanian() -> str:
    """Ordinary Albanian: a fictional interview written for these tests
    (tests/privacy/ordinary/sq.txt), no identifier of the list."""
    return (ORDINARY / "sq.txt").read_text("utf-8")


def ordinary_english() -> str:
    """Ordinary English: the clean sample data and a fictional interview with
    words near the listed names (mired, marks, left, lake...)."""
    return clean_text() + "\n" + (ORDINARY / "en.txt").read_text("utf-8")


def clean_text() -> str:
    """The clean sample data (fictional transcripts, subtitles, survey answers;
    no identifier of the list)."""
    files = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("extra/*.vtt")) + \
        sorted(SAMPLES.glob("frontline_survey.csv"))
    if files:
        return "\n".join(f.read_text("utf-8") for f in files)
    rng = random.Random(3)  # fallback: template text without identifiers
    return " ".join(rng.choice(TEMPLATES).replace("{x}", "the school") for _ in range(1500))


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))
