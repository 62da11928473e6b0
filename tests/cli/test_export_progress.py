"""`export` reports like the other bulk commands (issue 18, item 3): a rich bar
with counts and time left on a terminal, for large inputs; nothing in a pipe,
where rich.progress is never even loaded. Real processes on a pseudo-terminal
(tests/terminal.py); the file written is the same either way."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import run_on_terminal

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "VOS_CODER_USER": "lead"}


def _on_terminal(cmd: list[str]) -> str:
    env = {**ENV, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    code, out = run_on_terminal(cmd, env)
    assert code == 0, out
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", out).decode()


def _in_a_pipe(args: list[str]) -> subprocess.CompletedProcess:
    code = ("import sys\nfrom vos_coder.cli import main\n"
            f"sys.argv = ['vos-coder', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('PROGRESS', 'rich.progress' in sys.modules, file=sys.stderr)\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                          check=False)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("what", "suffix", "said"), [
    ("codings", "xlsx", "coding(s)"), ("matrix", "csv", "participant(s) x"),
    ("quotes", "docx", "quote(s) under")])
def test_export_shows_a_bar_on_a_terminal_and_nothing_in_a_pipe(demo_path, tmp_path, what, suffix, said):
    extra = ["--status", "candidate"] if what == "quotes" else []
    one, two = tmp_path / f"one.{suffix}", tmp_path / f"two.{suffix}"
    text = _on_terminal([sys.executable, "-m", "vos_coder", "export", what, "--out", str(one),
                         *extra, "--db", str(demo_path)])
    counts = re.findall(r"\b(\d+)/(\d+)\b", text)
    assert "exporting" in text and counts, text
    total = int(counts[-1][1])
    assert total >= 20 and int(counts[-1][0]) == total, counts  # it reaches its end
    assert "left" in text and "━" in text
    assert text.rstrip().splitlines()[-1].startswith(f"wrote {one}: ") and said in text
    r = _in_a_pipe(["export", what, "--out", str(two), *extra, "--db", str(demo_path)])
    assert r.stdout.startswith(f"wrote {two}: ") and "exporting" not in r.stdout + r.stderr
    assert r.stderr.endswith("PROGRESS False\n"), r.stderr
    assert r.stderr.count("\n") == 1 or what == "quotes", r.stderr  # no bar, no other line
    if suffix != "docx":  # docx carries its own creation time
        assert _sha(one) == _sha(two)


def test_a_refused_export_leaves_no_bar_and_no_file(demo_path, tmp_path):
    """Without its key file the gate refuses: one line, no half-drawn bar, no file."""
    demo_path.with_suffix(".key").unlink()
    out = tmp_path / "c.csv"
    env = {**ENV, "TERM": "xterm-256color", "COLUMNS": "120"}
    code, raw = run_on_terminal([sys.executable, "-m", "vos_coder", "export", "codings", "--out",
                                 str(out), "--db", str(demo_path)], env)
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", raw).decode()
    assert code != 0
    assert "━" not in text and "Traceback" not in text
    assert "refused" in text
    assert not out.exists() and not list(tmp_path.glob(".c.csv*"))


def test_the_note_on_interviewer_quotes_stays_one_readable_line():
    """A large export left out 343 interviewer quotes and named every one in one line."""
    from vos_coder.exporters.quoteset import NOTE_SHOWN, QuoteSet, interviewer_note

    ids = tuple(f"Q-{n:03d}" for n in (1682, 51, 1012, *range(100, 440)))
    note = interviewer_note(QuoteSet("t", (), (), interviewer=ids))
    assert note.startswith("left out Q-051, Q-100, Q-101,")  # in number order
    assert f" and {len(ids) - NOTE_SHOWN} more: spoken by the interviewer" in note
    assert "Q-1682" not in note and len(note) < 300
    few = interviewer_note(QuoteSet("t", (), (), interviewer=("Q-002", "Q-001")))
    assert few.startswith("left out Q-001, Q-002: spoken by the interviewer")
