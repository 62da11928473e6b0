"""Start-up of the command line: whole `vos-coder` processes against a bare Typer script.

    python benchmarks/bench_cli.py [--runs 7]

A lead runs many short commands; each pays Python's start-up and the imports
before any work. Timed as whole processes on the demo project (built once with
`vos-coder demo --no-ui`): `vos-coder --help`, `query`, `stats` and
`themes list`. The baseline is a bare Typer script (below, written to the work
folder) that imports typer and sqlite3, opens the same file and runs the same
main SQL of each command, printing the rows. Commands and baseline run
interleaved, `--runs` times each; the median is reported, with the ratio.
Targets: at most 0.35 s on a quiet machine and at most 2x the baseline.
Also timed: `code --from` applying 2,000 codings from a CSV file (target < 3 s).
Never run as a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = '''
import sqlite3
import sys

import typer

app = typer.Typer()
QUERY = ("SELECT e.id, e.source_id, e.start, e.\\"end\\", substr(s.text, e.start + 1, "
         "e.\\"end\\" - e.start), p.pid, p.grp, s.title "
         "FROM excerpts e JOIN sources s ON s.id = e.source_id "
         "JOIN participants p ON p.id = s.participant_id ORDER BY p.pid, s.id, e.start")
STATS = ("SELECT c.theme_id, e.id, p.id FROM codings c JOIN excerpts e ON e.id = c.excerpt_id "
         "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id")
THEMES = "SELECT * FROM themes ORDER BY position, id"


def run(db: str, sql: str) -> None:
    conn = sqlite3.connect(db)
    for row in conn.execute(sql):
        print(*row)


@app.command()
def query(db: str = typer.Option(...)) -> None:
    run(db, QUERY)


@app.command()
def stats(db: str = typer.Option(...)) -> None:
    run(db, STATS)


@app.command()
def themes(db: str = typer.Option(...)) -> None:
    run(db, THEMES)


app()
'''


def vos_executable() -> str:
    beside = Path(sys.executable).parent / "vos-coder"
    return str(beside) if beside.exists() else shutil.which("vos-coder") or "vos-coder"


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    return time.perf_counter() - t0


def startup(work: Path, runs: int) -> list[tuple[str, float, float]]:
    """(command, vos-coder median s, baseline median s) per command."""
    env = dict(os.environ, VOS_CODER_USER="bench", COLUMNS="120")
    vos = vos_executable()
    db = work / "demo.db"
    subprocess.run([vos, "demo", "--no-ui", "--db", str(db)], cwd=work, env=env, check=True,
                   capture_output=True)
    bare = work / "bare.py"
    bare.write_text(BARE, encoding="utf-8")
    py = sys.executable
    cases = [
        ("vos-coder --help", [vos, "--help"], [py, str(bare), "--help"]),
        ("vos-coder query", [vos, "query", "--db", str(db)], [py, str(bare), "query", "--db", str(db)]),
        ("vos-coder stats", [vos, "stats", "--db", str(db)], [py, str(bare), "stats", "--db", str(db)]),
        ("vos-coder themes list", [vos, "themes", "list", "--db", str(db)],
         [py, str(bare), "themes", "--db", str(db)]),
    ]
    out = []
    for name, ours, base in cases:
        timed(ours, work, env)  # warm the file cache once
        t_ours, t_base = [], []
        for _ in range(runs):
            t_ours.append(timed(ours, work, env))
            t_base.append(timed(base, work, env))
        out.append((name, statistics.median(t_ours), statistics.median(t_base)))
    return out


def batch_coding(work: Path, n: int = 2000) -> tuple[float, float]:
    """(seconds for `vos-coder code --from` with ``n`` rows, seconds for `--help` as a floor)."""
    env = dict(os.environ, VOS_CODER_USER="bench")
    vos = vos_executable()
    db = work / "batch.db"
    subprocess.run([vos, "demo", "--no-ui", "--db", str(db)], cwd=work, env=env, check=True,
                   capture_output=True)
    from vos_coder.core.model import Turn
    from vos_coder.core.passages import body_start
    from vos_coder.store.engine import sqlite as sqlite3

    conn = sqlite3.connect(db)
    # spans inside one speaker turn, after its label (the store refuses a passage
    # across turns or over a speaker label)
    texts = dict(conn.execute("SELECT id, text FROM sources"))
    turns = []
    for sid, tn, speaker, t_start, t_end in conn.execute(
            'SELECT source_id, n, speaker, start, "end" FROM turns'):
        words = body_start(texts[sid], Turn(tn, speaker, t_start, t_end))
        if t_end - words > 80:
            turns.append((sid, words, t_end))
    themes = [r[0] for r in conn.execute("SELECT id FROM themes WHERE parent_id IS NOT NULL")]
    path_of = {}
    for tid, name, parent in conn.execute("SELECT id, name, parent_id FROM themes"):
        path_of[tid] = (name, parent)
    conn.close()

    def path(tid: int) -> str:
        name, parent = path_of[tid]
        return f"{path(parent)}/{name}" if parent else name

    rows = []
    i = 0
    while len(rows) < n:
        sid, t_start, t_end = turns[i % len(turns)]
        start = t_start + (i * 7) % (t_end - t_start - 40)
        rows.append({"source": sid, "start": start, "end": start + 40,
                     "themes": path(themes[i % len(themes)]), "coder": "bench"})
        i += 1
    f = work / "codings.csv"
    with f.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["source", "start", "end", "themes", "coder"])
        w.writeheader()
        w.writerows(rows)
    t = timed([vos, "code", "--from", str(f), "--db", str(db)], work, env)
    floor = timed([vos, "--help"], work, env)
    return t, floor


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from bytecode import compile_package

    compile_package()  # as a user's second run finds it (bytecode.py)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        load_before = os.getloadavg()
        rows = startup(work, args.runs)
        load_after = os.getloadavg()
        print("| command (whole process) | vos-coder | bare Typer script | ratio | targets |")
        print("|---|---|---|---|---|")
        for name, ours, base in rows:
            ok = "met" if ours <= 0.35 and ours <= 2 * base else "**not met**"
            print(f"| {name} | {ours * 1000:.0f} ms | {base * 1000:.0f} ms | {ours / base:.2f}x | "
                  f"<= 0.35 s and <= 2x: {ok} |")
        print(f"\nload average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
              f"after: {', '.join(f'{x:.2f}' for x in load_after)} ({os.cpu_count()} cores; "
              f"medians of {args.runs} interleaved runs)")
        try:
            t, floor = batch_coding(work)
        except subprocess.CalledProcessError as exc:
            print(f"\n`code --from`: failed: {(exc.stderr or b'').decode().strip()[-200:]}")
        else:
            print(f"\n`vos-coder code --from` 2,000 codings (CSV): {t:.2f} s as a whole process "
                  f"(`--help` alone {floor:.2f} s); target < 3 s: {'met' if t < 3 else '**not met**'}")


if __name__ == "__main__":
    main()
