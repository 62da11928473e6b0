"""Run every benchmark at each scale and write BENCHMARKS.md.

    python benchmarks/run_all.py [--scales 100,1000,10000] [--out BENCHMARKS.md]

Per scale (N fictional transcripts of ~5,000 words, 200 codings each):
bench_store (import, coding, theme query, stats themes, peak memory, file
size), bench_analysis (co-occurrence, 2,000-quote docx export) and, up to
1,000 transcripts, bench_qc (the peer, qc). Once: the disclosure check, and
bench_verify / bench_tui / bench_qdpx when they exist, their output kept as
printed. Every figure is measured against its baseline in the same run.
Never run as a test.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from vos_coder.store.engine import sqlite as sqlite3

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_analysis
import bench_qc
import bench_store

TARGET_SCALE = 1000
# Why a target is missed, as far as the benchmark shows (keyed by the figure's first word).
WHY = {
    "import": "a whole `vos-coder import` process: besides the baseline's work, each file's encoding "
              "is ranked, its name checked against the identifier pattern, its text checked for "
              "controls and duplicates, each file in its own savepoint, an audit row, the CLI's "
              "start-up and report",
    "coding": "besides the baseline's inserts, each passage's checksum is taken from its source text "
              "and the per-theme counts are recounted for every participant touched, in the same "
              "transaction",
    "project": "the text, its speaker turns and its FTS5 index, and per coding an excerpt (offsets and "
               "a checksum, no copy of the passage), a quote and a coding row with their indexes",
    "disclosure": "the check compares every identifier with the text one by one with fuzzy matching; "
                  "the baseline is one compiled regular expression of all identifiers",
    "co-occurrence": "reading every coding with its span and every turn (the same joins the SQL "
                     "baseline makes) is most of the time; the counting itself is vectorised (numpy)",
}
EXTRA = (("bench_verify.py", []), ("bench_cli.py", []), ("bench_tui.py", []), ("bench_qdpx.py", ["--scale", "100"]))


def machine() -> list[str]:
    """The machine's description: CPU, cores, memory, Python and SQLite."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal"))
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        mem = "unknown"
    return [f"- CPU: {cpu}; {os.cpu_count()} cores visible (nproc), shared with other work",
            f"- Memory: {mem}",
            f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"]


def query_about(db: Path, want: int = 1000) -> tuple[float, int]:
    """Time of a theme query restricted to enough participants to return ~``want`` passages."""
    from vos_coder.store import Project

    with Project.open(db) as p:
        theme = next(t for t in p.themes() if t.depth == 1).path
        pids = sorted({s.participant for s in p.sources()})
        total = len(p.query(themes=[theme]))
        k = max(1, min(len(pids), math.ceil(len(pids) * want / max(total, 1))))
        t, rows = bench_store.timed(lambda: p.query(themes=[theme], participants=pids[:k]))
    return t, len(rows)


def run_scale(scale: int, work: Path, qc: Path | None, qc_reason: str, budget: float,
              smoke: bool = False, import_rounds: int = 1) -> dict[str, Any]:
    """Every per-scale benchmark on one generated project."""
    t0 = time.perf_counter()
    r: dict[str, Any] = {"store": bench_store.run(scale, work, import_rounds)}
    db = work / f"vos{scale}.db"
    r["query1000"] = query_about(db)
    bench_store.note(scale, f"theme query of {r['query1000'][1]:,} passages {r['query1000'][0] * 1000:.0f} ms")
    r["analysis"] = bench_analysis.run(db, work, budget, quotes=100 if smoke else bench_analysis.QUOTES,
                                       scale=scale)
    for a in r["analysis"]:
        bench_store.note(scale, bench_analysis.describe(a).strip())
    if scale <= TARGET_SCALE and not smoke:
        r["qc"] = bench_qc.run(work / f"t{scale}", work, qc, qc_reason)
    r["wall"] = time.perf_counter() - t0
    return r


def run_extra(name: str, args: list[str]) -> str:
    """The printed output of another engineer's benchmark, or why it was not run."""
    path = HERE / name
    if not path.exists():
        return f"skipped: benchmarks/{name} is not in the tree"
    try:
        out = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                             timeout=900, check=False)
    except subprocess.TimeoutExpired:
        return "skipped: did not finish within 15 minutes"
    if out.returncode:
        return "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]
    return out.stdout.rstrip()


def fmt_s(t: float | None) -> str:
    if t is None:
        return "-"
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"


def verdict(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def store_rows(r: dict[str, Any]) -> list[tuple[str, float | None, float | None, str, bool | None, str]]:
    """(figure, vos s, baseline s, target, met, note) for one scale."""
    s = r["store"]
    (iv, ib), (cv, cb) = s["import"], s["coding"]
    (icv, icb), (ccv, ccb) = s["import_cpu"], s["coding_cpu"]
    tq, nq = r["query1000"]
    tall, nall = s["query_theme_s"]
    rows = [
        ("import through the CLI (read, decode, normalise, hash, turns, store + FTS5)", iv, ib, "<= 2x",
         iv / ib <= 2, ""),
        ("import through the CLI, CPU time of the processes", icv, icb, "<= 2x",
         s.get("import_cpu_ratio", icv / icb) <= 2,
         f"median of {s['import_rounds']} interleaved rounds: {s['import_cpu_ratio']:.2f}x"
         if s.get("import_rounds", 1) > 1 else ""),
        ("import peak memory (the CLI process)", None, None, "< 300 MB", s["import_peak_rss_mb"] < 300,
         f"{s['import_peak_rss_mb']} MB"),
        (f"coding through the API, {s['codings']:,} codings (code_many)", cv, cb, "<= 3x", cv / cb <= 3, ""),
        ("coding through the API, CPU time", ccv, ccb, "<= 3x", ccv / ccb <= 3, ""),
        (f"theme query, {nq:,} passages", tq, None, "< 50 ms", tq < 0.05, ""),
        (f"theme query, all {nall:,} passages of one theme", tall, None, "-", None, "for scaling"),
        ("stats themes", s["stats_themes_s"], None, "< 300 ms", s["stats_themes_s"] < 0.3, ""),
        ("project file / raw text", None, None, "<= 2.5x", s["file_size_ratio"] <= 2.5,
         f"{s['file_size_ratio']}x of {s['raw_text_mb']} MB"),
    ]
    for a in r["analysis"]:
        rows.append((a["name"], a["vos"], a["base"], a["target"], a["met"], a["note"]))
    q = r.get("qc")
    if q:
        if q.get("qc_import"):
            rows.append((f"vs qc: import {q['files']} files (whole CLI processes)", q["vos_import"],
                         q["qc_import"], "peer", None, f"baseline is {q['qc']}"))
            rows.append(("vs qc: stats themes / qc codes stats", q["vos_stats"], q["qc_stats"], "peer",
                         None, ""))
        else:
            rows.append(("vs qc", None, None, "peer", None, q["reason"] or "qc not run"))
    return rows


def table(rows: list[tuple]) -> list[str]:
    out = ["| figure | vos-coder | baseline | ratio | target | |", "|---|---|---|---|---|---|"]
    for name, v, b, target, met, note in rows:
        ratio = f"{v / b:.2f}x" if v is not None and b else ""
        shown = note if v is None else fmt_s(v)
        extra = f" ({note})" if note and v is not None else ""
        out.append(f"| {name}{extra} | {shown} | {fmt_s(b) if b else '-'} | {ratio} | {target} | "
                   f"{verdict(met) if target not in ('-', 'peer') else ''} |")
    return out


def _key(name: str) -> str:
    """A figure's name with its counts taken out, the same at every scale."""
    return re.sub(r"\d[\d,]*", "N", name.split(" (")[0])


def growth(results: dict[int, dict[str, Any]]) -> list[str]:
    """How each vos-coder time grows per 10x of data."""
    scales = sorted(results)
    if len(scales) < 2:
        return ["Only one scale was run; no growth to show."]
    per = {sc: {name: v for name, v, *_ in store_rows(results[sc]) if v is not None} for sc in scales}
    names = [n for n, *_ in store_rows(results[scales[0]])]
    head = " | ".join(f"{a} -> {b}" for a, b in itertools.pairwise(scales))
    out = [f"| figure | {head} | |", "|---|" + "---|" * (len(scales) - 1) + "---|"]
    sizes = {sc: results[sc]["store"] for sc in scales}
    for label, field in (("import peak memory (MB)", "import_peak_rss_mb"),
                         ("project file / raw text", "file_size_ratio")):
        cells = [f"{sizes[b][field] / sizes[a][field]:.1f}x" for a, b in itertools.pairwise(scales)]
        out.append(f"| {label} | {' | '.join(cells)} | "
                   f"{'flat or better' if all(sizes[b][field] <= sizes[a][field] * 1.2 for a, b in itertools.pairwise(scales)) else 'grows'} |")
    for name in names:
        key = _key(name)
        cells, worst = [], 0.0
        for a, b in itertools.pairwise(scales):
            va = next((v for n, v in per[a].items() if _key(n) == key), None)
            vb = next((v for n, v in per[b].items() if _key(n) == key), None)
            if va and vb:
                g = (vb / va) * (a / b) * 10  # time ratio per 10x of data
                cells.append(f"{vb / va:.1f}x")
                worst = max(worst, g)
            else:
                cells.append("-")
        if all(c == "-" for c in cells):
            continue
        shape = ("close to linear or better" if worst <= 13 else "worse than linear") if worst else ""
        out.append(f"| {key} | {' | '.join(cells)} | {shape} |")
    return out


def write_report(out: Path, results: dict[int, dict[str, Any]], once: dict[str, Any],
                 skipped: str, started: float) -> None:
    lines = ["# Benchmarks", "",
             "Measured by `python benchmarks/run_all.py --scales "
             + ",".join(map(str, sorted(results))) + "` "
             f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"{(time.perf_counter() - started) / 60:.1f} minutes). Fictional transcripts of ~5,000 "
             "words in speaker turns (benchmarks/generate.py), 200 codings each. Each figure has a "
             "baseline doing the bare minimum of the same work, measured in the same run.", "",
             ("**Absolute times are noisy**: this machine's 2 cores are shared with other engineers' "
              "work running at the same time. Compare the ratios, not the seconds."), "",
             "## Machine", "", *machine(), ""]
    for scale in sorted(results):
        r = results[scale]
        s = r["store"]
        lines += [f"## {scale:,} transcripts", "",
                  (f"{s['raw_text_mb']} MB of text, {s['codings']:,} codings, {s['participants']} "
                   f"participants; all benchmarks of this scale took {r['wall']:.0f} s."), "",
                  *table(store_rows(r)), ""]
    if skipped:
        lines += [skipped, ""]
    lines += ["## Growth", "",
              ("vos-coder's time at each scale over the previous one, for 10x the data "
               "(10x is linear; 'close to linear or better' allows up to 13x)."), "",
              *growth(results), ""]
    d = once["disclosure"]
    lines += ["## Independent of scale", "", *table([(d["name"], d["vos"], d["base"], d["target"],
                                                      d["met"], d["note"])]), ""]
    for name, text in once["extra"].items():
        lines += [f"### benchmarks/{name}", "", "```", text, "```", ""]
    lines += ["## Targets", "", *targets(results, once), ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def targets(results: dict[int, dict[str, Any]], once: dict[str, Any]) -> list[str]:
    """Which targets are met and which not, at the 1,000 scale (or the largest run)."""
    scale = TARGET_SCALE if TARGET_SCALE in results else max(results)
    rows = store_rows(results[scale])
    d = once["disclosure"]
    rows.append((d["name"], d["vos"], d["base"], d["target"], d["met"], d["note"]))
    out = [f"At {scale:,} transcripts:", ""]
    for name, v, b, target, met, note in rows:
        if target in ("-", "peer"):
            continue
        why = WHY.get(name.split()[0], "") if met is False else ""
        out.append(f"- {verdict(met)}: {name}, target {target}"
                   + (f" (measured {fmt_s(v)}" + (f", {v / b:.2f}x the baseline" if b else "") + ")"
                      if v is not None else f" ({note})") + (f". Why: {why}." if why else ""))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="100,1000,10000", help="comma-separated transcript counts")
    ap.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    ap.add_argument("--budget", type=float, default=120.0,
                    help="seconds allowed for one co-occurrence or disclosure run")
    ap.add_argument("--no-extra", action="store_true", help="skip bench_verify/tui/qdpx")
    ap.add_argument("--skip-after", type=float, default=600.0,
                    help="leave out scales above 1,000 when the 1,000 scale took longer (seconds)")
    ap.add_argument("--smoke", action="store_true",
                    help="the per-scale figures only (no qc, no disclosure check, no extras): "
                         "what the test suite runs at a small scale to see that the benchmark works")
    ap.add_argument("--import-rounds", type=int, default=1,
                    help="compare the imports this many times, interleaved, and take medians "
                         "(a shared machine's single pair of runs can differ by half)")
    args = ap.parse_args()
    os.environ.setdefault("VOS_CODER_USER", "bench")
    scales = sorted(int(x) for x in args.scales.split(",") if x.strip())
    started = time.perf_counter()
    qc, qc_reason = (None, "not run (--smoke)") if args.smoke else bench_qc.find_qc()
    results: dict[int, dict[str, Any]] = {}
    skipped = ""
    for scale in scales:
        if (scale > TARGET_SCALE and TARGET_SCALE in results
                and results[TARGET_SCALE]["wall"] > args.skip_after):
            skipped = (f"The {scale:,} scale was not run: the {TARGET_SCALE:,} scale took "
                       f"{results[TARGET_SCALE]['wall']:.0f} s (over {args.skip_after:.0f} s), and "
                       f"{scale:,} transcripts are about 10x that.")
            print(skipped)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            print(f"scale {scale} ...", flush=True)
            results[scale] = run_scale(scale, Path(tmp), qc, qc_reason, args.budget, args.smoke,
                                       args.import_rounds)
            for line in table(store_rows(results[scale])):
                print(line)
            # Written after each scale, so a long run stopped part-way keeps what it measured.
            write_report(args.out, results, {"disclosure": bench_analysis.row(
                "disclosure check, 1M words x 500 identifiers", None, None, "< 5 s", None,
                "not run yet"), "extra": {}}, skipped, started)
    if args.smoke:
        once: dict[str, Any] = {"disclosure": bench_analysis.row(
            "disclosure check, 1M words x 500 identifiers", None, None, "< 5 s", None,
            "not run (--smoke)"), "extra": {}}
    else:
        print("disclosure check ...", flush=True)
        once = {"disclosure": bench_analysis.bench_disclosure(args.budget), "extra": {}}
    if not args.smoke and once["disclosure"]["vos"] is None and "did not finish" in once["disclosure"]["note"]:
        small = bench_analysis.bench_disclosure(args.budget, words=20_000)
        if small["vos"] is not None:
            once["disclosure"]["note"] += (f"; at 20,000 words it took {small['vos']:.1f} s "
                                           f"(regex baseline {small['base']:.2f} s), so about "
                                           f"{small['vos'] * 50 / 60:.0f} minutes at one million")
    if not (args.no_extra or args.smoke):
        for name, extra_args in EXTRA:
            print(f"{name} ...", flush=True)
            once["extra"][name] = run_extra(name, extra_args)
    write_report(args.out, results, once, skipped, started)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
