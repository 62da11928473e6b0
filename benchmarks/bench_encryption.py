"""An encrypted project against a plain one, in the same run (not a test).

    python benchmarks/bench_encryption.py --scale 100 --rounds 3

For each kind of project: import N fictional transcripts of ~5,000 words,
code 200 passages in each, then time a theme query, the theme stats, opening
the project and opening the workbench (until the overview has drawn). Rounds
alternate plain and encrypted so that the shared machine's noise hits both;
medians are printed with the ratio encrypted / plain (target: at most 1.3x).
Import and coding are also given in this process's CPU time: on a machine
shared with other jobs the wall time mostly measures waiting for a core.

Opening an encrypted project derives its key from the passphrase with scrypt
(32 MiB, once per command and per process); that cost is the protection, and
is shown on its own line as well as inside the open times.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import coding_spans, write_transcripts

PASSPHRASE = "benchmark passphrase, not a secret"
KINDS = ("plain", "encrypted")


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def cpu_timed(fn):
    """(wall seconds, this process's CPU seconds, result): on a shared machine the
    CPU time is what the work cost, the wall time adds waiting for a core."""
    c0 = time.process_time()
    wall, result = timed(fn)
    return wall, time.process_time() - c0, result


def build(kind: str, paths: list[Path], db: Path) -> dict[str, float]:
    """Import and coding seconds (wall and CPU) for a new project of ``kind``."""
    from vos_coder.ingest import import_paths
    from vos_coder.store import Project

    p = Project.create(db, countries=("AL", "BA", "CO", "MX", "MD", "PE"),
                       passphrase=PASSPHRASE if kind == "encrypted" else None)
    t_import, c_import, report = cpu_timed(lambda: import_paths(p, paths))
    assert report.ok, report.failed[:3]
    rng = random.Random(11)
    themes = [t.id for t in p.themes() if t.depth == 1]
    rows = []
    for s in p.sources():
        for start, end in coding_spans("x" * s.length, 200, rng):
            rows.append((s.id, start, min(end, s.length), rng.choice(themes), "bench"))
    t_code, c_code, _ = cpu_timed(lambda: p.code_many(rows))
    p.close()
    return {"import": t_import, "import (CPU time)": c_import,
            "coding": t_code, "coding (CPU time)": c_code}


def reads(db: Path, repeats: int = 5) -> dict[str, float]:
    from vos_coder.store import Project, crypto

    out: dict[str, list[float]] = {"open (with key derivation)": [], "open (key known)": [],
                                   "theme query": [], "stats themes": []}
    for _ in range(repeats):
        crypto.forget_all()
        t, p = timed(lambda: Project.open(db))
        out["open (with key derivation)"].append(t)
        p.close()
        t, p = timed(lambda: Project.open(db))
        out["open (key known)"].append(t)
        theme = next(t for t in p.themes() if t.depth == 1).path
        for _ in range(3):
            out["theme query"].append(timed(partial(p.query, themes=[theme]))[0])
            out["stats themes"].append(timed(p.theme_stats)[0])
        p.close()
    return {k: statistics.median(v) for k, v in out.items()}


async def _workbench(db: Path, derive: bool = True) -> float:
    from vos_coder.store import Project, crypto
    from vos_coder.tui.app import VosApp

    if derive:
        crypto.forget_all()
    else:
        Project.open(db).close()  # the key derived before the clock starts
    t0 = time.perf_counter()
    project = Project.open(db)
    app = VosApp(project, "bench", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - t0
    project.close()
    return elapsed


def workbench(db: Path, repeats: int = 3, derive: bool = True) -> float:
    return statistics.median(asyncio.run(_workbench(db, derive)) for _ in range(repeats))


def key_derivation(repeats: int = 5) -> float:
    from vos_coder.store import crypto

    def once() -> None:
        crypto.forget_all()
        crypto.derive(PASSPHRASE, os.urandom(16))

    return statistics.median(timed(once)[0] for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="transcripts")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("VOS_CODER_USER", "bench")
    os.environ["VOS_CODER_PASSPHRASE"] = PASSPHRASE
    t_import_engine = timed(lambda: __import__("sqlcipher3"))[0]
    # Load the modules before timing, so the figures are the work, not imports.

    results: dict[str, dict[str, list[float]]] = {k: {} for k in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = write_transcripts(work / "t", args.scale)
        for rnd in range(args.rounds):
            for kind in (KINDS if rnd % 2 == 0 else KINDS[::-1]):
                db = work / f"{kind}{rnd}.db"
                figures = {**build(kind, paths, db), **reads(db),
                           "workbench open": workbench(db),
                           "workbench open (key known)": workbench(db, derive=False)}
                for name, value in figures.items():
                    results[kind].setdefault(name, []).append(value)
    print(f"{args.scale} transcripts of ~5,000 words, 200 codings each; medians of "
          f"{args.rounds} rounds (reads: of 5 opens, 15 queries)")
    print(f"{'':28s} {'plain':>10s} {'encrypted':>10s} {'ratio':>7s}  target 1.3x")
    for name in results["plain"]:
        plain = statistics.median(results["plain"][name])
        enc = statistics.median(results["encrypted"][name])
        ratio = enc / plain
        print(f"{name:28s} {plain * 1000:8.1f}ms {enc * 1000:8.1f}ms {ratio:6.2f}x  "
              f"{'met' if ratio <= 1.3 else 'NOT met'}")
    print(f"key derivation (scrypt 2^15, r=8): {key_derivation() * 1000:.0f} ms, once per command")
    print(f"first import of the engine (sqlcipher3): {t_import_engine * 1000:.0f} ms")


if __name__ == "__main__":
    main()
