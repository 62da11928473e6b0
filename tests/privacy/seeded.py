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
          "Eriselda Marku", "Dorina Pepa", "Xhesika Topalli", "Luljeta Brahimi", "Orkida Zeneli"]
PLACES = ["Lushnjë", "Fushë-Krujë", "Gramsh", "Peshkopi", "Ersekë", "Bulqizë", "Cërrik"]
SCHOOLS = ["Shkolla Ismail Qemali", "Gjimnazi Petro Nini Luarasi", "Shkolla Lef Nosi"]
ORGS = ["Shoqata Dritë e Re"]

ENDINGS_A = ["ës", "ën", "s", "n"]        # stems in -a/-ë: Ardita -> Arditës, Arditën
ENDINGS_C = ["it", "in", "i", "a", "e"]   # consonant stems: Gramsh -> Gramshit, Gramshin

TEMPLATES = [
    "Then {x} called me again and asked how I was doing at home.",
    "I told the counsellor that {x} had already heard about it from someone else.",
    "We took the bus from {x} in the morning and came back late.",
    "Nobody at the office mentioned {x}, so I stopped asking about it.",
    "My cousin said that {x} would be a better place to start.",
    "It was the week after {x} when everything became public.",
]


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


def variants(value: str, rng: random.Random) -> list[Seeded]:
    """Every variant form of one identifier."""
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
    return key


def seeded_text(seed: int = 7) -> tuple[str, list[tuple[int, int, Seeded]]]:
    """Fictional text with every variant of every identifier seeded once; the spans."""
    rng = random.Random(seed)
    parts: list[str] = []
    spans: list[tuple[int, int, Seeded]] = []
    pos = 0
    for value in PEOPLE + PLACES + SCHOOLS + ORGS:
        for s in variants(value, rng):
            before, after = rng.choice(TEMPLATES).split("{x}")
            start = pos + len(before)
            parts.append(before + s.form + after + " ")
            spans.append((start, start + len(s.form), s))
            pos += len(parts[-1])
    return "".join(parts), spans


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
