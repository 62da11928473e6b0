"""A deterministic generator of fictional projects for the benchmarks.

Transcripts of about 5,000 words with speaker turns, written from a small
fictional vocabulary (non-graphic: school, services, reporting, family), and
codings spread over the transcript. Same seed, same files.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ["school", "teacher", "helpline", "psychologist", "police", "report", "town", "family", "friends", "support", "counsellor", "confidential", "trust", "afraid", "gossip", "neighbours", "quiet", "talk", "listen", "months", "later", "service", "office", "waited", "appointment", "online", "phone", "message", "rights", "lawyer", "court", "evidence", "mother", "father", "sister", "cousin", "classmates", "shame", "silence", "brave", "believe", "help", "again", "city", "village", "bus", "hours", "free", "paid", "centre", "worker", "social", "legal", "medical", "school-bag", "notebook", "shkollë", "qytet", "ndihmë", "këshillim", "çfarë", "është"]


def transcript(rng: random.Random, words: int = 5000) -> str:
    """A fictional conversation of about ``words`` words in speaker turns."""
    out: list[str] = []
    count = 0
    speaker = 0
    while count < words:
        n = rng.randint(12, 90) if speaker else rng.randint(5, 20)
        sentence_words = [rng.choice(WORDS) for _ in range(n)]
        text = " ".join(sentence_words).capitalize() + "."
        out.append(("Participant: " if speaker else "Interviewer: ") + text)
        count += n
        speaker ^= 1
    return "\n\n".join(out) + "\n"


def write_transcripts(folder: Path, count: int, words: int = 5000, seed: int = 7) -> list[Path]:
    """``count`` files named VoS-AL-NN style (country codes cycle to keep numbers 2-digit)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    countries = ("AL", "BA", "CO", "MX", "MD", "PE")
    paths = []
    for i in range(count):
        country = countries[(i // 100) % len(countries)]
        batch = i // 600
        name = f"VoS-{country}-{i % 100:02d}" + (f"_part{batch}_{i}" if i >= 100 else "")
        path = folder / f"{name}.txt"
        path.write_text(transcript(rng, words), encoding="utf-8")
        paths.append(path)
    return paths


def coding_spans(text: str, n: int, rng: random.Random) -> list[tuple[int, int]]:
    """``n`` spans of 50-400 characters at random places in ``text``."""
    spans = []
    for _ in range(n):
        start = rng.randrange(0, max(1, len(text) - 400))
        spans.append((start, start + rng.randint(50, 400)))
    return spans
