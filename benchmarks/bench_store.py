"""Import, coding, query and stats at scale, each against a bare baseline.

    python benchmarks/bench_store.py --scale 100 --scale 1000

For each scale: N fictional transcripts of ~5,000 words, 200 codings each.
Printed as vos-coder time, baseline time, and their ratio (the target is a
ratio, because these shared machines are noisy). Never run as a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from vos_coder.store.engine import sqlite as sqlite3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import coding_spans, write_transcripts

CODINGS_PER_SOURCE = 200


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


LABEL_LINE = re.compile(r"^(Interviewer|Participant):", re.MULTILINE)


def baseline_import(paths: list[Path], db: Path) -> None:
    """The bare minimum of the same work as `vos-coder import`: read, decode,
    normalise (NFC, LF), hash, find the speaker turns, store the text and its
    turns, with an FTS5 index that folds diacritics; one transaction."""
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT, text TEXT, hash TEXT);
        CREATE TABLE turns(source_id INT, n INT, speaker TEXT, start INT, "end" INT);
        CREATE VIRTUAL TABLE sources_fts USING fts5(text, content='sources', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER ai AFTER INSERT ON sources BEGIN
          INSERT INTO sources_fts(rowid, text) VALUES (new.id, new.text); END;""")
    with conn:
        for p in paths:
            text = unicodedata.normalize("NFC", p.read_bytes().decode("utf-8").replace("\r\n", "\n"))
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            sid = conn.execute("INSERT INTO sources(name, text, hash) VALUES (?, ?, ?)",
                               (p.name, text, digest)).lastrowid
            labels = list(LABEL_LINE.finditer(text))
            ends = [m.start() for m in labels[1:]] + [len(text)]
            conn.executemany("INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                             [(sid, n, m.group(1), m.start(), end)
                              for n, (m, end) in enumerate(zip(labels, ends), 1)])
    conn.close()


# Prepended to a child's code: at exit it writes its own peak resident memory
# (VmHWM of its address space) to the file named by VOS_BENCH_HWM. The rusage
# of a child is not used for this: a child started by vfork reports the
# parent's peak too (the run_all process holding a whole scale's data).
_HWM = """import atexit, os
def _hwm(path=os.environ.pop('VOS_BENCH_HWM')):
    with open('/proc/self/status') as f:
        kb = next(int(x.split()[1]) for x in f if x.startswith('VmHWM:'))
    with open(path, 'w') as out:
        out.write(str(kb))
atexit.register(_hwm)
"""


def timed_process(code: str | list[str]) -> tuple[float, float, float]:
    """Wall time, peak resident memory (MB) and CPU time (user + system) of
    a Python child process running ``code`` (or, given a list, the module
    and arguments of ``python -m``)."""
    if not isinstance(code, str):
        code = (f"import runpy, sys; sys.argv = {[code[1], *code[2:]]!r}; "
                f"runpy.run_module({code[1]!r}, run_name='__main__')")
    with tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _HWM + code], stdout=subprocess.DEVNULL,
                                env={**os.environ, "VOS_BENCH_HWM": str(hwm)})
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise RuntimeError(f"the child process failed ({proc.returncode}): {code[:200]}")
        peak_mb = int(hwm.read_text()) / 1024
    return elapsed, peak_mb, usage.ru_utime + usage.ru_stime


# The tables a coding writes, as in a project: the same keys, unique
# constraints, indexes and foreign keys (enforced, to the sources of the
# baseline's import and to a table of theme ids); no triggers, no counts.
CODING_TABLES = """
PRAGMA foreign_keys = ON;
CREATE TABLE themes (id INTEGER PRIMARY KEY);
CREATE TABLE excerpts (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, created_at TEXT NOT NULL, checksum INTEGER,
    UNIQUE (source_id, start, "end"));
CREATE TABLE codings (id INTEGER PRIMARY KEY, excerpt_id INTEGER NOT NULL REFERENCES excerpts(id),
    theme_id INTEGER NOT NULL REFERENCES themes(id), coder TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (excerpt_id, theme_id, coder));
CREATE INDEX codings_theme ON codings(theme_id);
CREATE TABLE quotes (excerpt_id INTEGER PRIMARY KEY REFERENCES excerpts(id),
    number INTEGER NOT NULL UNIQUE, status TEXT NOT NULL DEFAULT 'candidate', display_text TEXT,
    updated_at TEXT NOT NULL);
"""


def baseline_coding(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """The bare minimum of code_many: an id per distinct passage, then one
    executemany into each indexed table (excerpts, quotes, codings), one commit."""
    stamp = "2026-11-30T00:00:00+00:00"
    ids: dict[tuple[int, int, int], int] = {}
    for sid, start, end, _theme, _coder in rows:
        ids.setdefault((sid, start, end), len(ids) + 1)
    conn.executemany('INSERT INTO excerpts(id, source_id, start, "end", created_at) VALUES (?, ?, ?, ?, ?)',
                     [(i, *k, stamp) for k, i in ids.items()])
    conn.executemany("INSERT INTO quotes(excerpt_id, number, updated_at) VALUES (?, ?, ?)",
                     [(i, i, stamp) for i in ids.values()])
    conn.executemany("INSERT OR IGNORE INTO codings(excerpt_id, theme_id, coder, created_at) VALUES (?, ?, ?, ?)",
                     [(ids[(sid, a, b)], theme, coder, stamp) for sid, a, b, theme, coder in rows])
    conn.commit()


def new_project(db: Path) -> None:
    from vos_coder.store import Project

    Project.create(db, countries=("AL", "BA", "CO", "MX", "MD", "PE")).close()


def vos_import(paths: list[Path], db: Path) -> None:
    """What `vos-coder import` does: each file decoded, normalised, turns found, stored."""
    from vos_coder.ingest import import_paths
    from vos_coder.store import Project

    if not db.exists():
        new_project(db)
    with Project.open(db) as p:
        report = import_paths(p, paths)
        assert report.ok, report.failed[:3]


def note(scale: int, line: str) -> None:
    """A figure as soon as it is measured (a long run stopped part-way keeps it)."""
    print(f"  [{scale}] {time.strftime('%H:%M:%S')} {line}", flush=True)


def warm_up() -> None:
    """Load every module before timing, so the figures are the work, not
    imports; and cache the bytecode the timed processes load (bytecode.py)."""
    from bytecode import compile_package

    compile_package()
    import vos_coder.importers.text
    import vos_coder.ingest  # noqa: F401


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def compare_imports(folder: Path, work: Path, scale: int, rounds: int = 1) -> dict:
    """`vos-coder import FOLDER` against the bare script, both as whole
    processes, ``rounds`` times, interleaved (the baseline first in even
    rounds, vos-coder first in odd ones, each into a new file). Medians of
    each figure and of the per-round CPU ratio: on a shared machine one pair
    of runs can differ by half. The last round's files are kept."""
    base_db, db = work / f"base{scale}.db", work / f"vos{scale}.db"
    runs = []
    for i in range(rounds):
        _remove(base_db)
        _remove(db)
        new_project(db)  # (the baseline's CREATE TABLE is timed, but costs nothing)

        def base() -> tuple[float, float, float]:
            return timed_process(
                f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r});"
                f"from bench_store import baseline_import; from pathlib import Path;"
                f"baseline_import(sorted(Path({str(folder)!r}).glob('*.txt')), Path({str(base_db)!r}))")

        def ours() -> tuple[float, float, float]:
            return timed_process(["-m", "vos_coder", "import", str(folder), "--db", str(db)])

        if i % 2:
            (t_vos, rss, cpu_vos), (t_base, _, cpu_base) = ours(), base()
        else:
            (t_base, _, cpu_base), (t_vos, rss, cpu_vos) = base(), ours()
        runs.append((t_vos, t_base, cpu_vos, cpu_base, rss))
        if rounds > 1:
            note(scale, f"import round {i + 1}: CPU {cpu_vos:.2f} s against {cpu_base:.2f} s "
                        f"({cpu_vos / cpu_base:.2f}x), wall {t_vos:.2f} s against {t_base:.2f} s")
    med = statistics.median
    return {"import": (med(r[0] for r in runs), med(r[1] for r in runs)),
            "import_cpu": (med(r[2] for r in runs), med(r[3] for r in runs)),
            "import_cpu_ratio": round(med(r[2] / r[3] for r in runs), 2),
            "import_wall_ratio": round(med(r[0] / r[1] for r in runs), 2),
            "import_rounds": rounds,
            "import_peak_rss_mb": round(max(r[4] for r in runs), 1)}


def run(scale: int, work: Path, import_rounds: int = 1) -> dict:
    warm_up()
    folder = work / f"t{scale}"
    paths = write_transcripts(folder, scale)
    raw = sum(p.stat().st_size for p in paths)
    out: dict = {"scale": scale, "raw_text_mb": round(raw / 1e6, 1)}
    out.update(compare_imports(folder, work, scale, import_rounds))
    db = work / f"vos{scale}.db"
    (t_vos, t_base), (cpu_vos, cpu_base) = out["import"], out["import_cpu"]
    note(scale, f"import {t_vos:.2f} s (CPU {cpu_vos:.2f} s) against {t_base:.2f} s (CPU "
                f"{cpu_base:.2f} s), CPU {out['import_cpu_ratio']}x (median of {import_rounds}), "
                f"peak {out['import_peak_rss_mb']:.1f} MB")

    from vos_coder.store import Project

    rng = random.Random(11)
    with Project.open(db) as p:
        themes = [t.id for t in p.themes() if t.depth == 1]
        rows = []
        for s in p.sources():
            text_len = s.length
            for start, end in coding_spans("x" * text_len, CODINGS_PER_SOURCE, rng):
                rows.append((s.id, start, min(end, text_len), rng.choice(themes), "bench"))
        cpu0 = time.process_time()
        t_code, _ = timed(lambda: p.code_many(rows))
        cpu_code = time.process_time() - cpu0
    conn = sqlite3.connect(work / f"base{scale}.db")
    conn.executescript(CODING_TABLES)
    conn.executemany("INSERT INTO themes(id) VALUES (?)", [(t,) for t in themes])
    conn.commit()
    cpu0 = time.process_time()
    t_code_base, _ = timed(lambda: baseline_coding(conn, rows))
    cpu_code_base = time.process_time() - cpu0
    conn.close()
    out["coding"] = (t_code, t_code_base)
    out["coding_cpu"] = (cpu_code, cpu_code_base)
    out["codings"] = len(rows)
    note(scale, f"coding {len(rows):,}: {t_code:.2f} s (CPU {cpu_code:.2f} s) against "
                f"{t_code_base:.2f} s (CPU {cpu_code_base:.2f} s)")

    with Project.open(db) as p:
        theme = p.theme(themes[0]).path
        t_q, passages = timed(lambda: p.query(themes=[theme], participants=[p.sources()[0].participant]))
        # A theme query that returns about 1,000 passages: one theme over enough participants.
        pids = sorted({s.participant for s in p.sources()})
        t_q1000, _ = timed(lambda: p.query(themes=[theme]))
        n_all = len(p.query(themes=[theme]))
        t_stats, _ = timed(lambda: p.theme_stats())
    out["query_one_participant_s"] = (t_q, len(passages))
    out["query_theme_s"] = (t_q1000, n_all)
    out["stats_themes_s"] = t_stats
    out["participants"] = len(pids)
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    out["file_size_ratio"] = round(size / raw, 2)
    note(scale, f"theme query {t_q1000 * 1000:.0f} ms ({n_all:,} passages), stats themes "
                f"{t_stats * 1000:.0f} ms, file {out['file_size_ratio']}x the raw text")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="transcripts (repeatable)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--import-rounds", type=int, default=1,
                        help="compare the imports this many times, interleaved; medians")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scale or [100]:
            r = run(scale, Path(tmp), args.import_rounds)
            results.append(r)
            if not args.json:
                print(f"scale {scale}: {r['raw_text_mb']} MB of text, {r['codings']} codings, "
                      f"{r['participants']} participants")
                for key in ("import", "coding"):
                    v, b = r[key]
                    print(f"  {key:8s} vos {v:7.2f} s   baseline {b:7.2f} s   ratio {v / b:5.2f}x")
                print(f"  import CPU ratio {r['import_cpu_ratio']}x (median of "
                      f"{r['import_rounds']} interleaved rounds)")
                print(f"  import peak memory {r['import_peak_rss_mb']} MB")
                t, n = r["query_theme_s"]
                print(f"  query one theme: {n} passages in {t * 1000:.0f} ms")
                t, n = r["query_one_participant_s"]
                print(f"  query one theme, one participant: {n} passages in {t * 1000:.0f} ms")
                print(f"  stats themes: {r['stats_themes_s'] * 1000:.0f} ms")
                print(f"  project file / raw text: {r['file_size_ratio']}x")
    if args.json:
        print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    os.environ.setdefault("VOS_CODER_USER", "bench")
    main()
