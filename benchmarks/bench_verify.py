"""Quote verification at scale, against a bare baseline measured in the same run.

    python benchmarks/bench_verify.py            # ~1,000,000 words, 150 quotations
    python benchmarks/bench_verify.py --words 200000 --quotes 50

A project of fictional transcripts (about ``--words`` words, 5,000 a source,
words drawn with a Zipf-like spread from a vocabulary of common words and
made-up names, non-graphic) and a Word draft of about 50 pages with
``--quotes`` quotations: most copied exactly, some with ``[…]`` omissions and
``[insertions]``, some with a word changed, some misattributed, some invented.

vos-coder time: ``verify_draft`` (read the .docx, load and prepare every source,
match and judge every quotation). Baseline: a plain ``str.find`` of each
quotation over the concatenated source texts. Printed with their ratio and the
verdict counts. Never run as a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

_COMMON_WORDS = (
    "the a and to of in I was my it that she he we they for on at with not but when what "
    "would could said told asked went came knew thought felt wanted nobody someone everyone "
    "school teacher class office police officer report helpline phone message centre "
    "psychologist counsellor lawyer court mother father sister cousin friend neighbours town "
    "village city bus hours days weeks months year later again first last only never always "
    "afraid ashamed quiet angry tired safe free paid help support trust believe listen talk "
    "explain waited called wrote sent searched found lost kept changed stopped started home "
    "street room door window paper number name card letter screenshots dates evidence case"
)
COMMON = _COMMON_WORDS.split()


def vocabulary(rng: random.Random, extra: int = 1500) -> list[str]:
    """Common words first (most frequent), then made-up words (rare)."""
    syll = ["ka", "ve", "ri", "do", "lu", "mi", "sa", "te", "no", "pe", "gi", "ro", "za", "be", "shk", "ll"]
    made = {"".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(extra)}
    return COMMON + sorted(made)


def transcript(rng: random.Random, vocab: list[str], weights: list[float], words: int) -> str:
    out, count, speaker = [], 0, 0
    while count < words:
        n = rng.randint(10, 60) if speaker else rng.randint(5, 15)
        sentence = " ".join(rng.choices(vocab, weights, k=n))
        out.append(("Participant: " if speaker else "Interviewer: ") + sentence.capitalize() + ".")
        count += n
        speaker ^= 1
    return "\n\n".join(out) + "\n"


def build_project(db: Path, total_words: int, seed: int):
    from vos_coder.core.model import ParsedSource
    from vos_coder.core.text import normalise
    from vos_coder.importers.turns import find_turns
    from vos_coder.store import Project

    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
    countries = ("AL", "BA", "CO", "MX", "MD", "PE")
    p = Project.create(db, countries=countries)
    texts: dict[str, str] = {}
    with p.transaction():
        for i in range(max(1, total_words // 5000)):
            pid = f"VoS-{countries[i // 100 % 6]}-{i % 100:02d}"
            text = normalise(transcript(rng, vocab, weights, 5000))
            p.add_source(pid, f"{pid} conversation {i}", ParsedSource(text, find_turns(text)))
            texts[pid] = text
    return p, texts, vocab, weights


def pick_passage(rng: random.Random, text: str) -> str:
    turns = [t.split(": ", 1)[1] for t in text.split("\n\n") if t.startswith("Participant: ")]
    turn = rng.choice([t for t in turns if len(t.split()) >= 20])
    words = turn.split()
    start = rng.randrange(0, len(words) - 18)
    return " ".join(words[start:start + rng.randint(14, 18)])


def plant(texts: dict[str, str], n: int, rng: random.Random, vocab: list[str],
          weights: list[float]) -> list[tuple[str, str, str, str, str]]:
    """(quotation, identifier, kind, source passage, its participant): 70% exact,
    10% with omissions and an insertion, 10% altered, 5% misattributed, 5% invented."""
    pids = sorted(texts)
    out = []
    for k in range(n):
        pid = rng.choice(pids)
        owner = pid
        passage = pick_passage(rng, texts[pid])
        roll = k % 20
        if roll < 14:
            kind, quote = "exact", passage
        elif roll < 16:
            w = passage.split()
            kind, quote = "omission", " ".join(w[:5]) + " […] " + " ".join(w[8:-2]) + " [then] " + w[-1]
        elif roll < 18:
            w = passage.split()
            w[len(w) // 2] = "purple"
            kind, quote = "altered", " ".join(w)
        elif roll < 19:
            kind, quote = "misattributed", passage
            pid = rng.choice([x for x in pids if x != pid])
        else:
            kind, quote = "invented", " ".join(rng.choices(vocab, weights, k=15)).capitalize()
        out.append((quote, pid, kind, passage if kind != "invented" else "", owner))
    return out


def approve_all(p, quotes: list[tuple]) -> None:
    """Code each planted passage's source span and approve it as a quote."""
    from vos_coder.core.text import find_span

    theme = p.q1("SELECT name FROM themes WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")
    for _, _, _, passage, owner in quotes:
        if not passage:
            continue
        for src in p.sources(owner):
            spans = find_span(p.source_text(src.id), passage)
            if spans:
                p.code(src.id, spans[0][0], spans[0][1], [theme], "bench")
                break
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'approved'")


def write_draft(path: Path, quotes: list[tuple], rng: random.Random, vocab, weights) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Findings (fictional benchmark draft)", 1)
    for quote, pid, *_ in quotes:
        d.add_paragraph(" ".join(rng.choices(vocab[:60], k=90)).capitalize() + ".")  # prose
        d.add_paragraph(quote, style="Quote")
        d.add_paragraph(f"({pid})")
    d.save(str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--quotes", type=int, default=150)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from vos_coder.verify import verify_draft

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        p, texts, vocab, weights = build_project(Path(tmp) / "bench.db", args.words, args.seed)
        rng = random.Random(args.seed + 1)
        quotes = plant(texts, args.quotes, rng, vocab, weights)
        approve_all(p, quotes)
        draft = Path(tmp) / "draft.docx"
        write_draft(draft, quotes, rng, vocab, weights)
        words = sum(len(t.split()) for t in texts.values())
        print(f"project: {len(texts)} sources, {words:,} words, "
              f"{sum(len(t) for t in texts.values()):,} characters "
              f"(built in {time.perf_counter() - t0:.1f}s); draft: {len(quotes)} quotations")

        t0 = time.perf_counter()
        corpus = "\x00".join(r[0] for r in p.db.execute("SELECT text FROM sources ORDER BY id"))
        loaded = time.perf_counter()
        found = sum(corpus.find(q[0]) != -1 for q in quotes)
        baseline = time.perf_counter() - t0
        load = loaded - t0

        t0 = time.perf_counter()
        report = verify_draft(p, draft)
        ours = time.perf_counter() - t0
        p.close()

    print(f"baseline  load all sources + str.find of each quotation: {baseline:.3f}s "
          f"(load {load:.3f}s; {found} found)")
    print(f"vos-coder verify_draft (docx, all verdicts):           {ours:.3f}s")
    print(f"ratio: {ours / baseline:.1f}x the baseline")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in report.counts().items() if v))
    kinds: dict[str, dict[str, int]] = {}
    for (_, _, kind, *_), v in zip(quotes, report.verdicts):
        kinds.setdefault(kind, {}).setdefault(v.verdict, 0)
        kinds[kind][v.verdict] += 1
    for kind, counts in kinds.items():
        print(f"  planted {kind:13} -> {counts}")


if __name__ == "__main__":
    main()
