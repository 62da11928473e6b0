"""Kill -9 in the middle of imports and coding; several writers at once.

Afterwards the project must pass integrity_check, hold no half-imported
source, and keep every coding whose command had returned."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vos_coder.store import Project
from vos_coder.store.engine import iterdump
from vos_coder.store.engine import sqlite as sqlite3

CODER_LOOP = r"""
import sys
from vos_coder.errors import InvalidInput
from vos_coder.store import Project
db, coder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = Project.open(db)
themes = [t.path for t in p.themes() if t.depth == 1]
src = p.sources()[0]
for i in range(n):
    start = (i * 7) % (src.length - 30)
    try:
        p.code(src.id, start, start + 20 + i % 9, themes[i % len(themes)], coder)
    except InvalidInput:  # a span over two speaker turns is refused: nothing written
        continue
    print(f"{start}:{start + 20 + i % 9}:{themes[i % len(themes)]}", flush=True)
"""


def _check(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # No source without its turns or its full-text row.
    assert conn.execute("SELECT count(*) FROM sources s WHERE NOT EXISTS "
                        "(SELECT 1 FROM turns t WHERE t.source_id = s.id)").fetchone() == (0,)
    fts = conn.execute("SELECT count(*) FROM sources_fts").fetchone()[0]
    assert fts == conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    return conn


def _transcripts(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    rng = random.Random(3)
    paths = []
    for i in range(n):
        turns = [f"{'Interviewer' if k % 2 == 0 else 'Participant'}: " +
                 " ".join(rng.choice(["school", "help", "town", "quiet", "phone", "trust"])
                          for _ in range(60)) for k in range(40)]
        path = folder / f"VoS-AL-{i:02d}.txt"
        path.write_text("\n\n".join(turns) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_sigkill_during_import_leaves_whole_sources_only(tmp_path):
    db = tmp_path / "p.db"
    Project.create(db).close()
    paths = _transcripts(tmp_path / "t", 60)
    rng = random.Random(5)
    cli = [sys.executable, "-m", "vos_coder", "import", "--db", str(db)]
    for _ in range(6):
        proc = subprocess.Popen(cli + [str(p) for p in paths], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _check(db).close()
    # After the crashes a full import completes: skipped duplicates, the rest imported.
    subprocess.run(cli + [str(p) for p in paths], check=True, capture_output=True)
    conn = _check(db)
    assert conn.execute("SELECT count(*) FROM sources").fetchone() == (60,)


@pytest.mark.slow
def test_sigkill_during_coding_keeps_every_returned_coding(tmp_path):
    db = tmp_path / "p.db"
    Project.create(db).close()
    subprocess.run([sys.executable, "-m", "vos_coder", "import", "--db", str(db),
                    str(_transcripts(tmp_path / "t", 1)[0])], check=True, capture_output=True)
    rng = random.Random(9)
    confirmed: set[tuple[int, int, str, str]] = set()
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", CODER_LOOP, str(db), f"c{round_}", "100000"],
                                stdout=subprocess.PIPE, text=True)
        # Kill it mid-loop, not mid-start-up: wait for its first confirmed coding
        # (start-up alone can take seconds on a loaded machine), then a while longer.
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0.2, 0.8))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        out = first + out
        for line in out.splitlines():
            if line.count(":") >= 2:
                a, b, theme = line.split(":", 2)
                confirmed.add((int(a), int(b), theme, f"c{round_}"))
    conn = _check(db)
    stored = set()
    with Project.open(db) as p:
        for passage in p.query():
            for theme in passage.themes:
                for coder in passage.coders:
                    stored.add((passage.start, passage.end, theme, coder))
    assert confirmed, "the coding loop confirmed no coding before it was killed"
    missing = confirmed - stored
    assert not missing, sorted(missing)[:5]
    conn.close()


def test_two_writers_and_a_reader_lose_nothing(tmp_path):
    db = tmp_path / "p.db"
    Project.create(db).close()
    subprocess.run([sys.executable, "-m", "vos_coder", "import", "--db", str(db),
                    str(_transcripts(tmp_path / "t", 1)[0])], check=True, capture_output=True)
    writers = [subprocess.Popen([sys.executable, "-c", CODER_LOOP, str(db), coder, "150"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for coder in ("ana", "ben")]
    reader = subprocess.Popen([sys.executable, "-m", "vos_coder", "query", "--db", str(db),
                               "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    results = [w.communicate() for w in writers]
    _, r_err = reader.communicate()
    for (out, err), w in zip(results, writers):
        assert w.returncode == 0, err
        assert "locked" not in err
    assert reader.returncode == 0 and "locked" not in r_err
    conn = _check(db)
    for coder, (out, _) in zip(("ana", "ben"), results):
        expected = {tuple(line.rsplit(":", 1)[0].split(":")) + (line.rsplit(":", 1)[1],)
                    for line in out.splitlines()}
        n = conn.execute("SELECT count(*) FROM codings WHERE coder = ?", [coder]).fetchone()[0]
        assert n == len(expected) > 0
    conn.close()


def test_full_disk_gives_one_line_and_changes_nothing(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from vos_coder.cli import app
    from vos_coder.store import connection

    db = tmp_path / "p.db"
    Project.create(db).close()
    path = tmp_path / "VoS-AL-01.txt"
    path.write_text("Participant: " + "words " * 50000 + "\n")
    before = list(iterdump(sqlite3.connect(db)))
    real = connection.connect

    def tiny(p, **kwargs):
        database, cipher = real(p, **kwargs)
        pages = database.execute("PRAGMA page_count").fetchone()[0]
        database.execute(f"PRAGMA max_page_count = {pages + 2}")
        return database, cipher

    monkeypatch.setattr("vos_coder.store.project.connect", tiny)
    r = CliRunner().invoke(app, ["import", str(path), "--db", str(db)])
    assert r.exit_code != 0 and "full" in r.stderr and "Traceback" not in r.stderr
    assert list(iterdump(sqlite3.connect(db))) == before


def test_read_only_project_gives_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from vos_coder.cli import app

    db = tmp_path / "p.db"
    Project.create(db).close()
    from vos_coder.store.engine import sqlite

    real_connect = sqlite.connect

    def read_only(path, *args, **kwargs):
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite, "connect", read_only)
    before = db.read_bytes()
    r = CliRunner().invoke(app, ["themes", "add", "New", "--db", str(db)])
    assert r.exit_code != 0 and "Traceback" not in r.stderr
    assert "read-only" in r.stderr or "cannot open" in r.stderr
    assert db.read_bytes() == before
