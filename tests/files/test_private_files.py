"""Every file vos-coder writes is 0600 whatever the umask, and no temporary
``.part`` file outlives a failed, interrupted or killed write."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from vos_coder.errors import ProjectError
from vos_coder.exporters.output import atomic_write, clean_stale_parts

EXPORTS = [
    ("export", "quotes", "--out", "{d}/quotes.docx", "--status", "any"),
    ("export", "quotes", "--out", "{d}/quotes.md", "--status", "any"),
    ("export", "quotes", "--out", "{d}/quotes.html", "--status", "any"),
    ("export", "quotes", "--out", "{d}/quotes.csv", "--status", "any"),
    ("export", "quotes", "--out", "{d}/quotes.json", "--status", "any"),
    ("export", "codings", "--out", "{d}/codings.csv"),
    ("export", "codings", "--out", "{d}/codings.xlsx"),
    ("export", "matrix", "--out", "{d}/matrix.xlsx"),
    ("export", "matrix", "--out", "{d}/matrix.csv"),
    ("chart", "themes", "--out", "{d}/themes.png"),
    ("chart", "themes", "--out", "{d}/themes.svg"),
    ("themes", "export", "--out", "{d}/codebook.yaml"),
    ("themes", "export", "--out", "{d}/codebook.qdc"),
    ("qdpx", "export", "--out", "{d}/project.qdpx"),
    ("backup", "--out", "{d}/backup.db"),
]


@pytest.fixture
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], indirect=True, ids=oct)
def test_every_written_file_is_0600_whatever_the_umask(demo_path, tmp_path, umask):
    cli = Cli(demo_path)
    out = tmp_path / "out"
    out.mkdir()
    for args in EXPORTS:
        cli(*(a.format(d=out) for a in args))
    written = sorted(out.iterdir())
    assert [p.name for p in written] == sorted(Path(a[a.index("--out") + 1]).name for a in EXPORTS)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(umask))
    for side in (demo_path, *demo_path.parent.glob(demo_path.name + "-*")):
        assert stat.S_IMODE(side.stat().st_mode) == 0o600, side.name


@pytest.mark.parametrize("umask", [0o000], indirect=True, ids=oct)
def test_the_temporary_file_is_private_while_it_is_written(tmp_path, umask):
    seen = {}

    def write(tmp: Path) -> None:
        seen["mode"] = stat.S_IMODE(tmp.stat().st_mode)
        tmp.write_bytes(b"a transcript line")
        seen["name"] = tmp.name

    atomic_write(tmp_path / "q.md", write)
    assert seen["mode"] == 0o600
    assert seen["name"].startswith(f".q.md.{os.getpid()}.") and seen["name"].endswith(".part")
    assert stat.S_IMODE((tmp_path / "q.md").stat().st_mode) == 0o600


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt(),
                                   SystemExit(143), ValueError("bad name")])
def test_a_failed_or_interrupted_write_leaves_nothing(tmp_path, error):
    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half a transcript")
        raise error

    with pytest.raises((type(error), ProjectError)):
        atomic_write(tmp_path / "q.md", write)
    assert list(tmp_path.iterdir()) == []


def _killed_part(folder: Path, name: str) -> Path:
    """A .part file as a run killed with SIGKILL leaves it: its process is gone."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child.send_signal(signal.SIGKILL)
    child.wait()
    part = folder / f".{name}.{child.pid}.abc123.part"
    part.write_bytes(b"VoS-AL-09 said a thing")
    return part


def test_a_part_file_from_a_killed_run_is_removed_by_the_next_write(tmp_path):
    stale = _killed_part(tmp_path, "q.md")
    live = tmp_path / f".q.md.{os.getppid()}.live.part"  # a process that still runs
    live.write_bytes(b"busy")
    other = _killed_part(tmp_path, "other.md")
    atomic_write(tmp_path / "q.md", lambda tmp: tmp.write_bytes(b"new"))
    assert not stale.exists()
    assert live.exists() and other.exists()  # neither ours to remove
    assert clean_stale_parts(tmp_path / "other.md") == [other]
    assert clean_stale_parts(tmp_path / "q.md") == []


def test_a_killed_qdpx_export_is_cleaned_and_reported_by_the_next_one(demo_path, tmp_path):
    out = tmp_path / "p.qdpx"
    stale = _killed_part(tmp_path, "p.qdpx")
    r = Cli(demo_path)("qdpx", "export", "--out", out)
    assert not stale.exists()
    assert "left by an interrupted run" in r.stderr and stale.name in r.stderr
    assert zipfile.ZipFile(out).namelist()[0] == "project.qde"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []


def test_sigterm_during_an_export_leaves_no_part_file(demo_path, tmp_path):
    """SIGTERM (what `kill` and a closing terminal send) is handled like Ctrl-C."""
    code = (
        "import os, signal, sys, time\n"
        "from vos_coder.exporters import output\n"
        "real = output.atomic_write\n"
        "def slow(out, write):\n"
        "    def w(tmp):\n"
        "        write(tmp); print('writing', flush=True); time.sleep(30)\n"
        "    return real(out, w)\n"
        "output.atomic_write = slow\n"
        "import vos_coder.exporters.analysis_tables as t; t.atomic_write = slow\n"
        "from vos_coder.cli import main\n"
        "sys.argv = ['vos-coder', 'export', 'codings', '--out', sys.argv[1], '--db', sys.argv[2]]\n"
        "main()\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "c.csv"), str(demo_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "writing"
    assert [p.name for p in tmp_path.glob(".c.csv.*.part")]
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.glob("*.part")) + list(tmp_path.glob(".c.csv*")) == []
    assert not (tmp_path / "c.csv").exists()


def test_an_interrupted_backup_leaves_no_file(demo_project, tmp_path, monkeypatch):
    out = tmp_path / "backup.db"

    class Interrupting:
        def __init__(self, conn):
            self._conn = conn

        def backup(self, *a, **k):
            raise KeyboardInterrupt

        def __getattr__(self, name):
            return getattr(self._conn, name)

    conn = demo_project.db.conn
    demo_project.db.conn = Interrupting(conn)
    try:
        with pytest.raises(KeyboardInterrupt):
            demo_project.backup(out)
    finally:
        demo_project.db.conn = conn
    assert list(tmp_path.glob("backup.db*")) == []
