"""Only `init` makes a project: everything else passed as --db is refused
byte-for-byte untouched, with a message that says what the file is, and
storage failures name their real cause (read-only folder, full disk,
damaged file)."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vos_coder.cli import app
from vos_coder.errors import ProjectError
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3


def _snapshot(path: Path) -> dict[str, bytes | None]:
    """The file and any side files, byte for byte (None = absent)."""
    return {s: (Path(f"{path}{s}").read_bytes() if Path(f"{path}{s}").exists() else None)
            for s in ("", "-wal", "-shm", "-journal")}


def _refused(path: Path, *expected: str) -> str:
    before = _snapshot(path)
    mode = path.stat().st_mode
    with pytest.raises(ProjectError) as caught:
        Project.open(path)
    message = str(caught.value)
    for text in expected:
        assert text in message
    r = CliRunner().invoke(app, ["stats", "--db", str(path)])
    assert r.exit_code not in (0, 70) and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: ")
    assert _snapshot(path) == before, "the refused file (or a side file) changed"
    assert path.stat().st_mode == mode
    return message


def test_zero_byte_file_is_refused_untouched(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    path.chmod(0o644)
    _refused(path, "empty file (0 bytes)", "not a vos-coder project", "vos-coder init")


def test_foreign_sqlite_file_is_not_switched_to_wal(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE invoices(n); CREATE TABLE clients(name); "
                       "INSERT INTO clients VALUES ('Someone');")
    conn.close()
    message = _refused(path, "SQLite database of another program", "clients, invoices",
                       "not a vos-coder project")
    assert "nothing was changed" in message
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_sqlite_file_without_tables_is_not_made_a_project(tmp_path):
    path = tmp_path / "blank.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    assert path.stat().st_size > 0
    _refused(path, "no tables", "not a vos-coder project")


@pytest.mark.parametrize("content, what", [
    (b"Interviewer: how was school?\n" * 40, "a text file"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "a zip archive"),
    (bytes(range(1, 200)) * 3, "neither an SQLite database nor an encrypted project"),
])
def test_other_files_say_what_they_are(tmp_path, content, what):
    path = tmp_path / "thing.db"
    path.write_bytes(content)
    _refused(path, what, "not a vos-coder project")


def test_init_still_refuses_an_existing_file(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    r = CliRunner().invoke(app, ["init", "--db", str(path)])
    assert r.exit_code != 0 and "already exists" in r.stderr
    assert path.read_bytes() == b""


def test_damaged_page_is_named_not_unexpected(tmp_path):
    from vos_coder.ingest import import_file

    db = tmp_path / "p.db"
    text = tmp_path / "VoS-AL-01.txt"
    text.write_text("Participant: " + "a long answer about the village. " * 3000 + "\n")
    with Project.create(db) as p:
        import_file(p, text)
        p.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(db)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [r[0] for r in conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name IN ('sources', 'settings', 'themes')")]
    conn.close()
    raw = bytearray(db.read_bytes())
    for root in roots:
        raw[(root - 1) * page + 8:(root - 1) * page + 200] = b"\xa5" * 192
    db.write_bytes(bytes(raw))
    second = tmp_path / "VoS-AL-02.txt"
    second.write_text("Participant: another answer.\n")
    for args in (["import", str(second)], ["themes", "list"], ["sources", "list"]):
        r = CliRunner().invoke(app, [*args, "--db", str(db)])
        assert r.exit_code not in (0, 70), (args, r.stderr)
        assert "damaged" in r.stderr and "backup" in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr and "unexpected" not in r.stderr


# -- real file systems: a read-only folder and a full disk -----------------------------------
@pytest.fixture
def small_fs(tmp_path):
    """Mount a tiny tmpfs (needs root, as in the project's CI container); skip otherwise."""
    mounts: list[Path] = []

    def make(size_kb: int) -> Path:
        where = tmp_path / f"fs-{uuid.uuid4().hex[:6]}"
        where.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                           check=False, capture_output=True)
        if r.returncode:
            pytest.skip("cannot mount a small file system here (needs root)")
        mounts.append(where)
        return where

    yield make
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def test_read_only_folder_is_named(small_fs):
    where = small_fs(2048)
    db = where / "p.db"
    Project.create(db, codebook="empty").close()
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    before = _snapshot(db)
    r = CliRunner().invoke(app, ["themes", "add", "Trust", "--db", str(db)])
    assert r.exit_code != 0 and "Traceback" not in r.stderr
    assert "read-only file system" in r.stderr and str(where) in r.stderr, r.stderr
    assert "not a vos-coder project" not in r.stderr
    assert _snapshot(db) == before
    r = CliRunner().invoke(app, ["init", "--db", str(where / "new.db")])
    assert r.exit_code != 0 and "read-only file system" in r.stderr


def test_full_disk_is_named(small_fs):
    where = small_fs(1024)
    db = where / "p.db"
    Project.create(db, codebook="empty").close()
    filler = where / "filler"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    r = CliRunner().invoke(app, ["themes", "add", "Trust " + "x" * 60000, "--db", str(db)])
    assert r.exit_code != 0 and "Traceback" not in r.stderr
    assert "full" in r.stderr and "not a vos-coder project" not in r.stderr, r.stderr
    filler.unlink()
    with Project.open(db) as p:
        assert p.themes() == []


def test_one_engine_everywhere():
    """Every module and test reaches SQLite through store/engine.py
    (SQLCipher's build), so an `except OperationalError` always matches what the
    connection raises, and no process holds a project through two copies of
    SQLite: their POSIX locks do not see each other, so closing one copy's
    connection checkpoints and deletes the -wal under the other's feet
    (sqlite.org/howtocorrupt.html, section 2.2.1)."""
    import re

    top = Path(__file__).resolve().parents[2]
    offenders = [str(f.relative_to(top))
                 for folder in ("vos_coder", "tests") for f in (top / folder).rglob("*.py")
                 if f.name != "engine.py"
                 and re.search(r"^\s*(import sqlite3|from sqlite3\b)", f.read_text("utf-8"),
                               re.MULTILINE)]
    assert offenders == [], "use: from vos_coder.store.engine import sqlite"
