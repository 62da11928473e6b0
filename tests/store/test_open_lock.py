"""encrypt and decrypt replace the project file, so they refuse while anything
else has it open: a workbench left idle in another terminal, another
command, or a Project elsewhere in the same program. Tried with real second
processes; a process killed with SIGKILL leaves no stale lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE
from vos_coder.errors import ProjectError
from vos_coder.store import Project, crypto, holds
from vos_coder.store.encryption import decrypt_project, encrypt_project

REPO = Path(__file__).resolve().parents[2]

#: A second program holding the project open: a bare Project, or the workbench
#: itself (headless), idle until killed or its stdin closes.
HOLDER = r"""
import asyncio, sys
from pathlib import Path
from vos_coder.store import Project, crypto
crypto.SCRYPT_LOG2_N = int(sys.argv[4])
db, how, ready = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
p = Project.open(db)
if how == "project":
    ready.write_text("ready")
    sys.stdin.read()
    p.close()
else:
    from vos_coder.tui.app import VosApp

    async def idle(pilot):
        await pilot.pause()
        ready.write_text("ready")
        await asyncio.sleep(600)

    VosApp(p, "ana", cursor_blink=False).run(headless=True, auto_pilot=idle)
"""


#: A second program in the middle of a conversion: it holds the project exclusively.
CONVERTER = """
import sys
from pathlib import Path
from vos_coder.store import holds
with holds.exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def env(passphrase: str | None = TEST_PASSPHRASE) -> dict[str, str]:
    e = dict(os.environ, PYTHONPATH=str(REPO))
    e.pop("VOS_CODER_PASSPHRASE", None)
    if passphrase:
        e["VOS_CODER_PASSPHRASE"] = passphrase
    return e


def hold(db: Path, how: str = "project") -> subprocess.Popen:
    ready = db.with_name(f"{db.name}.{how}.ready")
    ready.unlink(missing_ok=True)
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), how, str(ready),
                              str(crypto.SCRYPT_LOG2_N)],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env())
    deadline = time.monotonic() + 60
    while not ready.exists():
        if child.poll() is not None:
            raise AssertionError(f"the holder ended: {child.stderr.read().decode()}")
        assert time.monotonic() < deadline, "the holder did not open the project"
        time.sleep(0.05)
    return child


def vos(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vos_coder", *args], capture_output=True,
                          text=True, env=env(), check=False, timeout=120)


def snapshot(db: Path) -> dict[str, bytes | None]:
    return {s: (Path(f"{db}{s}").read_bytes() if Path(f"{db}{s}").exists() else None)
            for s in ("", ".part", ".key")}


@pytest.fixture
def passphrase_env(monkeypatch):
    """The passphrase in the environment. The key derivation keeps production's
    cost here: the commands run as separate processes, which derive with it."""
    monkeypatch.setenv("VOS_CODER_PASSPHRASE", TEST_PASSPHRASE)


def test_an_idle_workbench_in_another_process_stops_encrypt_until_it_is_killed(demo_path, passphrase_env):
    db = demo_path
    workbench = hold(db, "workbench")
    try:
        before = snapshot(db)
        r = vos("encrypt", "--db", str(db))
        assert r.returncode == 1, r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert "open in another program" in r.stderr and "nothing was changed" in r.stderr.lower()
        assert snapshot(db) == before  # neither the project, nor its key file, nor a .part
    finally:
        workbench.send_signal(signal.SIGKILL)  # no clean-up: the lock goes with the process
        workbench.wait()
    r = vos("encrypt", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert crypto.file_kind(db) == "encrypted"
    with Project.open(db) as p:
        assert p.q1("SELECT count(*) FROM sources") > 0


def test_an_open_command_stops_decrypt_and_closing_it_frees_the_project(demo_path, passphrase_env):
    db = demo_path
    encrypt_project(db, TEST_PASSPHRASE)
    holder = hold(db)
    try:
        before = snapshot(db)
        r = vos("decrypt", "--db", str(db))
        assert r.returncode == 1 and "open in another program" in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1
        assert snapshot(db) == before
        with pytest.raises(ProjectError, match="open in another program"):
            decrypt_project(db)  # the library refuses too, not only the command
        assert snapshot(db) == before
    finally:
        holder.communicate(b"", timeout=60)  # stdin closed: the holder closes its Project
    assert holder.returncode == 0
    r = vos("decrypt", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert crypto.file_kind(db) == "sqlite"


def test_a_project_open_in_this_program_stops_a_conversion(demo_path, passphrase_env):
    db = demo_path
    p = Project.open(db)
    worker = Project.open(db)  # the workbench's worker threads open their own
    before = snapshot(db)
    with pytest.raises(ProjectError, match="open elsewhere in this program"):
        encrypt_project(db, TEST_PASSPHRASE)
    assert snapshot(db) == before
    p.close()
    with pytest.raises(ProjectError, match="open elsewhere in this program"):
        encrypt_project(db, TEST_PASSPHRASE)
    worker.close()
    replaced = holds._identity(os.stat(db))
    encrypt_project(db, TEST_PASSPHRASE)
    assert crypto.file_kind(db) == "encrypted"
    with Project.open(db) as again:  # the lock of the replaced file is gone with it
        assert again.encrypted
    # Only this test's files: a project another test left open is not this test's failure.
    assert replaced not in holds._held
    assert holds._identity(os.stat(db)) not in holds._held


def test_opening_waits_for_a_conversion_in_another_process_then_says_so(demo_path, monkeypatch):
    db = demo_path
    converter = subprocess.Popen(
        [sys.executable, "-c", CONVERTER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env(None))
    try:
        assert converter.stdout.readline() == b"held\n"
        monkeypatch.setattr(holds, "CONVERSION_WAIT_S", 0.3)
        before = snapshot(db)
        with pytest.raises(ProjectError, match="being encrypted or decrypted by another"):
            Project.open(db)
        assert snapshot(db) == before
    finally:
        converter.communicate(b"", timeout=60)
    with Project.open(db) as p:
        assert p.q1("SELECT count(*) FROM sources") > 0


def test_opening_leaves_no_lock_file_beside_the_project(demo_path):
    names = sorted(os.listdir(demo_path.parent))
    with Project.open(demo_path) as p:
        p.themes()
    assert sorted(os.listdir(demo_path.parent)) == names


def test_demo_does_not_rebuild_a_demo_open_in_another_program(demo_path):
    db = demo_path
    assert vos("demo", "--db", str(db), "--no-ui").returncode == 0  # unchanged, not open: rebuilt
    holder = hold(db)
    try:
        before = snapshot(db)
        r = vos("demo", "--db", str(db), "--no-ui")
        assert r.returncode != 0 and "Traceback" not in r.stderr
        assert "open in another program" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert snapshot(db) == before
    finally:
        holder.communicate(b"", timeout=60)
    assert vos("demo", "--db", str(db), "--no-ui").returncode == 0
