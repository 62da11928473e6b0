"""REFI-QDA export and import at scale, against a bare baseline.

    python benchmarks/bench_qdpx.py --scale 20 --scale 100

For each scale: N fictional transcripts of ~5,000 words with 200 codings each
(benchmarks/generate.py), exported to .qdpx and imported into a new project.
The baseline does the bare work of the same size: zip the texts with a
project.qde of as many elements, then parse it back with lxml and insert the
rows with executemany. Printed as vos-coder time, baseline time and ratio.
Never run as a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from vos_coder.store.engine import sqlite as sqlite3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import coding_spans, write_transcripts

CODINGS_PER_SOURCE = 200


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def build(paths: list[Path], db: Path):
    from vos_coder.core.model import ParsedSource
    from vos_coder.core.text import normalise
    from vos_coder.store import Project

    p = Project.create(db, countries=("AL", "BA", "CO", "MX", "MD", "PE"), codebook="empty")
    themes = [p.add_theme(f"Theme {i}").id for i in range(20)]
    rng = random.Random(3)
    rows = []
    for path in paths:
        src = p.add_source(path.stem, path.stem, ParsedSource(normalise(path.read_text("utf-8"))))
        text = p.source_text(src.id)
        for a, b in coding_spans(text, CODINGS_PER_SOURCE, rng):
            rows.append((src.id, a, b, rng.choice(themes), rng.choice(["ana", "bora"])))
    p.code_many(rows)
    return p


def baseline(paths: list[Path], work: Path) -> None:
    """Zip texts + an XML of the same number of elements; read it back; insert rows."""
    from lxml import etree

    root = etree.Element("Project")
    for i, path in enumerate(paths):
        src = etree.SubElement(root, "TextSource", name=path.stem, path=f"{i}.txt")
        for j in range(CODINGS_PER_SOURCE):
            sel = etree.SubElement(src, "PlainTextSelection", startPosition=str(j),
                                   endPosition=str(j + 5))
            etree.SubElement(etree.SubElement(sel, "Coding"), "CodeRef", targetGUID=str(j))
    out = work / f"base{len(paths)}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", etree.tostring(root))
        for i, path in enumerate(paths):
            z.writestr(f"sources/{i}.txt", path.read_bytes())
    conn = sqlite3.connect(work / f"base{len(paths)}.db")
    conn.execute("CREATE TABLE s(name TEXT, text TEXT)")
    conn.execute("CREATE TABLE c(source INTEGER, a INTEGER, b INTEGER, code TEXT)")
    with zipfile.ZipFile(out) as z, conn:
        tree = etree.fromstring(z.read("project.qde"))
        for k, src in enumerate(tree):
            conn.execute("INSERT INTO s VALUES (?, ?)",
                         [src.get("name"), z.read(f"sources/{src.get('path')}").decode()])
            conn.executemany("INSERT INTO c VALUES (?, ?, ?, ?)",
                             [(k, int(s.get("startPosition")), int(s.get("endPosition")),
                               s[0][0].get("targetGUID")) for s in src])
    conn.close()


def run(scale: int, work: Path) -> None:
    from vos_coder.refi import export_qdpx, import_qdpx
    from vos_coder.store import Project

    paths = write_transcripts(work / f"t{scale}", scale)
    p = build(paths, work / f"a{scale}.db")
    t_exp, summary = timed(lambda: export_qdpx(p, work / f"a{scale}.qdpx"))
    q = Project.create(work / f"b{scale}.db", codebook="empty")
    t_imp, _ = timed(lambda: import_qdpx(q, work / f"a{scale}.qdpx"))
    t_base, _ = timed(lambda: baseline(paths, work))
    p.close()
    q.close()
    print(f"scale {scale}: {summary.sources} sources, {summary.codings} codings")
    for name, t in (("export", t_exp), ("import", t_imp)):
        print(f"  {name}: {t:.2f}s  baseline {t_base:.2f}s  ratio {t / t_base:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, action="append", help="number of transcripts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scale or [20]:
            run(scale, Path(tmp))


if __name__ == "__main__":
    main()
