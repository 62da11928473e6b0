"""Counts at scale against their baselines in the same run (issue 19).

    python benchmarks/bench_counts.py --scale 1000 [--keep DIR] [--rounds 3]

Builds (or reuses, with --keep) a project of N fictional transcripts with
200 codings each, then, in alternating rounds on the same file:
- stats themes from the maintained counts (store/tally.py) against the same
  figures recounted from the raw codings (the code path a reader takes while
  a change is not yet counted), and against --group and --coder;
- co-occurrence of all theme pairs against one SQL statement over
  overlapping excerpts (bench_analysis.baseline_cooccurrence).
Prints medians and ratios. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_analysis
import bench_store
from generate import coding_spans, write_transcripts


def build(scale: int, work: Path) -> Path:
    from vos_coder.store import Project

    db = work / f"counts{scale}.db"
    if db.exists():
        return db
    paths = write_transcripts(work / f"t{scale}", scale)
    bench_store.new_project(db)
    bench_store.vos_import(paths, db)
    rng = random.Random(11)
    with Project.open(db) as p:
        themes = [t.id for t in p.themes() if t.depth == 1]
        p.code_many([(s.id, a, min(b, s.length), rng.choice(themes), "bench") for s in p.sources()
                     for a, b in coding_spans("x" * s.length, bench_store.CODINGS_PER_SOURCE, rng)])
    return db


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run(db: Path, rounds: int) -> None:
    from vos_coder.analysis.stats import cooccurrence
    from vos_coder.store import Project

    with Project.open(db) as p:
        codings = p.q1("SELECT count(*) FROM codings")
        print(f"{db.name}: {codings:,} codings, {p.q1('SELECT count(*) FROM theme_tally'):,} rows of "
              "maintained counts")
        themes = p.themes()
        scope, params = p._scope(None, None)
        cases = {
            "stats themes (maintained)": lambda: p.theme_stats(),
            "stats themes --group survivor": lambda: p.theme_stats("survivor"),
            "stats themes --coder bench": lambda: p.theme_stats(None, None, "bench"),
            "stats themes recounted (baseline)": lambda: p._theme_stats_recounted(
                themes, scope, params, 0, None),
            "co-occurrence": lambda: cooccurrence(p),
            "co-occurrence SQL baseline": lambda: bench_analysis.baseline_cooccurrence(db),
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(rounds):
            for name, fn in cases.items():
                times[name].append(timed(fn))
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, t in med.items():
        print(f"  {name:36s} {t * 1000:9.1f} ms")
    print(f"  stats themes: recounted / maintained = {med['stats themes recounted (baseline)'] / med['stats themes (maintained)']:.1f}x")
    print(f"  co-occurrence / its SQL baseline = {med['co-occurrence'] / med['co-occurrence SQL baseline']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the project here and reuse it next time")
    args = ap.parse_args()
    os.environ.setdefault("VOS_CODER_USER", "bench")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(build(args.scale, args.keep), args.rounds)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(build(args.scale, Path(tmp)), args.rounds)


if __name__ == "__main__":
    main()
