"""The real app in a real terminal (tmux): keys in, a coding lands in the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.tui.conftest import make_tiny, rows, tiny_text

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed; the real-terminal test needs it")


def _wait_for(socket: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", "vos"],
                                check=False, capture_output=True, text=True).stdout
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the pane shows:\n{screen}")


def _wait_rows(path, sql, expected, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if rows(path, sql) == expected:
            return
        time.sleep(0.2)
    assert rows(path, sql) == expected


def test_coding_in_a_real_terminal_lands_in_the_database(tmp_path):
    path = make_tiny(tmp_path / "tmux.db")
    text, turns = tiny_text()
    socket = f"vos-test-{os.getpid()}"
    env = {**os.environ, "VOS_CODER_USER": "tmux-coder", "TEXTUAL_ANIMATIONS": "none"}
    env.pop("NO_COLOR", None)
    cmd = f"{sys.executable} -m vos_coder open --db {path}"
    subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "vos",
                    "-x", "120", "-y", "36", cmd], check=True, env=env)
    try:
        _wait_for(socket, "Enter opens a source")
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "vos", "Enter"], check=True)
        _wait_for(socket, "for keys")
        for key in ("Down", "Down", "t", "2"):
            subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "vos", key], check=True)
            time.sleep(0.2)
        start = turns[1].start + len("Participant: ")
        _wait_rows(path, 'SELECT e.start, e."end", e.text, c.coder FROM excerpts_with_text e '
                   "JOIN codings c ON c.excerpt_id = e.id",
                   [(start, turns[1].end, text[start:turns[1].end], "tmux-coder")])
        screen = _wait_for(socket, "▌Helpline")  # the margin beside the passage names the theme
        assert "▌Helpline" in screen
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "vos", "q"], check=True)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)


def _keys(socket: str, keys, gap: float) -> None:
    for key in keys:
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "vos", *(["-l", key] if len(key) == 1
                        else [key])], check=True)
        time.sleep(gap)


@pytest.mark.parametrize("gap", [0.3, 0.05])
def test_picker_at_typing_speed_stores_the_theme_typed(tmp_path, gap):
    """The sequence that once ticked the first row of the unfiltered list:
    c, a filter, Down, space, shift+tab, enter, at 0.3 s and at 0.05 s a key."""
    path = make_tiny(tmp_path / "typing.db")
    _text, turns = tiny_text()
    socket = f"vos-test-{os.getpid()}-{int(gap * 1000)}"
    env = {**os.environ, "VOS_CODER_USER": "typist", "TEXTUAL_ANIMATIONS": "none"}
    env.pop("NO_COLOR", None)
    cmd = f"{sys.executable} -m vos_coder open --db {path}"
    subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "vos",
                    "-x", "120", "-y", "36", cmd], check=True, env=env)
    try:
        _wait_for(socket, "Enter opens a source")
        _keys(socket, ["Enter"], 0)
        _wait_for(socket, "for keys")
        _keys(socket, ["Down", "Down", "t", "c", "s", "c", "h", "o", "Down", "Space", "BTab",
                       "Enter"], gap)
        start = turns[1].start + len("Participant: ")
        _wait_rows(path, 'SELECT e.start, e."end", t.name, c.coder FROM excerpts_with_text e '
                   "JOIN codings c ON c.excerpt_id = e.id JOIN themes t ON t.id = c.theme_id",
                   [(start, turns[1].end, "School", "typist")])
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "vos", "q"], check=True)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)
