"""How fast the workbench answers, as the researcher experiences it (not a test).

Three figures, each against a baseline measured in the same run:

1. Start-up: process start until the first frame is on the terminal, for
   ``vos-coder open --db FILE`` and for a bare Textual app (a Header and a
   Static) started the same way (``python -m ...`` in a pseudo-terminal).
   The clock stops when the app's own text appears in the terminal output.
2. Opening a 100,000-word transcript with 2,000 coded passages: from the
   Enter key on the overview until the coding screen has drawn it (its
   status line says "? for keys") and stopped drawing.
3. Code (key ``1``), remove a coding (``d``), undo (``u``) and redo
   (``ctrl+y``) on that transcript, each on a fresh uncoded turn (``N``):
   from writing the key to the terminal until the last byte the app draws in
   answer (nothing more is drawn for 0.25 s). The baseline is a cursor move
   (``down``), the cheapest key the same screen answers.

Everything goes through a real pseudo-terminal (the same keys a researcher
sends); the project file is checked afterwards to hold every coding action.

Run: python benchmarks/bench_tui.py [--words 100000] [--codings 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import select
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import coding_spans, transcript

SIZE = (120, 40)
BARE_APP = """
from textual.app import App
from textual.widgets import Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare-ready")
Bare().run()
"""


def build(path: Path, words: int, codings: int) -> int:
    """A project with one long transcript, 20 themes and ``codings`` codings."""
    from vos_coder.core.model import ParsedSource
    from vos_coder.core.text import normalise
    from vos_coder.importers.turns import find_turns
    from vos_coder.store import Project

    rng = random.Random(11)
    text = normalise(transcript(rng, words))
    turns = find_turns(text)
    with Project.create(path, codebook="empty") as p:
        for k in range(20):
            p.add_theme(f"Theme {k:02d} [x]")
        src = p.add_source("VoS-AL-01", "Long interview", ParsedSource(text, turns))
        rows = []
        for i, (a, _b) in enumerate(coding_spans(text, codings, rng)):
            turn = next(t for t in turns if t.end > a)  # a passage stays inside one turn
            a = max(a, turn.start + len(turn.speaker) + 2)
            b = min(a + rng.randint(50, 400), turn.end)
            if b > a:
                rows.append((src.id, a, b, f"Theme {i % 20:02d} [x]", "bench"))
        p.code_many(rows)
        return src.id


# -- the app in a pseudo-terminal -------------------------------------------------------
class Terminal:
    """A program on a 120x40 pseudo-terminal: send keys, watch what it draws."""

    def __init__(self, argv: list[str], env: dict) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execvpe(argv[0], argv, env)
        import fcntl
        import struct
        import termios

        self.started = time.perf_counter()
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.seen = b""

    def _read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout``; the time of the read, or None."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return None
        self.seen = (self.seen + chunk)[-8192:]
        return time.perf_counter()

    def wait_for(self, marker: bytes, timeout: float = 60) -> float:
        """Seconds from now until ``marker`` is drawn."""
        t0 = time.perf_counter()
        self.seen = b""
        while time.perf_counter() - t0 < timeout:
            at = self._read(0.05)
            if at is not None and marker in self.seen:
                self.last_at = at
                return at - t0
        raise RuntimeError(f"{marker!r} never appeared; last output {self.seen[-300:]!r}")

    def settle(self, quiet: float = 0.25, timeout: float = 30) -> None:
        """Wait until nothing has been drawn for ``quiet`` seconds."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout and self._read(quiet) is not None:
            pass

    def key(self, data: bytes, marker: bytes | None = None, quiet: float = 0.25) -> float:
        """Send a key; seconds until the last byte the app drew in answer
        (after ``marker``, when given; the screen then stays unchanged for
        ``quiet`` seconds)."""
        self.settle(0.1)
        t0 = time.perf_counter()
        os.write(self.fd, data)
        last = None
        if marker is not None:
            last = t0 + self.wait_for(marker)
        else:
            last = self._read(30)  # the first byte of the answer, however late
        deadline = t0 + 30
        while time.perf_counter() < deadline:
            at = self._read(quiet)
            if at is None:
                break
            last = at
        if last is None:
            raise RuntimeError(f"the app drew nothing after {data!r}")
        return last - t0

    def close(self) -> None:
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


ENV = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none",
       "VOS_CODER_USER": "bench"}


def startup(db: Path, repeat: int) -> tuple[float, float, float]:
    """Process start to first frame, the app and a bare Textual app,
    interleaved; and, in each app, opening the transcript."""
    app, bare, opened = [], [], []
    for _ in range(repeat):
        t = Terminal([sys.executable, "-c", BARE_APP], ENV)
        t.wait_for(b"bare-ready")
        bare.append(t.last_at - t.started)
        t.close()
        t = Terminal([sys.executable, "-m", "vos_coder", "open", "--db", str(db)], ENV)
        t.wait_for(b"Enter opens a source")
        app.append(t.last_at - t.started)
        opened.append(t.key(b"\r", b"for keys"))
        t.close()
    return statistics.median(app), statistics.median(bare), statistics.median(opened)


def keys(db: Path, repeat: int) -> dict[str, float]:
    """Open the transcript, then code / remove / undo / redo on fresh turns."""
    out: dict[str, list[float]] = {k: [] for k in ("down", "code", "uncode", "undo", "redo")}
    term = Terminal([sys.executable, "-m", "vos_coder", "open", "--db", str(db)], ENV)
    try:
        term.wait_for(b"Enter opens a source")
        term.key(b"\r", b"for keys")
        for _ in range(repeat):
            term.key(b"N")  # the next speaker turn without codings, selected
            out["down"].append(term.key(b"\x1b[B"))
            term.key(b"N")
            out["code"].append(term.key(b"1"))
            out["uncode"].append(term.key(b"d"))
            out["undo"].append(term.key(b"u"))
            out["redo"].append(term.key(b"\x19"))  # ctrl+y
    finally:
        term.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--codings", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build(db, args.words, args.codings)
        subprocess.run([sys.executable, "-c", "import vos_coder.cli, textual.app"], check=True)  # warm disk cache
        app_s, bare_s, open_s = startup(db, args.repeat)
        figures = keys(db, args.repeat)
        history = sqlite3.connect(db).execute("SELECT count(*) FROM history").fetchone()[0]
        assert history == 2 * args.repeat, f"the keys did not all code: {history} history rows"
    print(f"transcript: about {args.words:,} words, {args.codings:,} codings, terminal {SIZE[0]}x{SIZE[1]}, "
          f"median of {args.repeat}")
    print(f"start-up to first frame: vos-coder open {app_s * 1000:.0f} ms, bare Textual app "
          f"{bare_s * 1000:.0f} ms, ratio {app_s / bare_s:.2f} (target <= 1.3)")
    print(f"open the transcript: {open_s * 1000:.0f} ms (target < 500 ms)")
    base = figures["down"]
    for name, label in (("code", "code (1)"), ("uncode", "remove coding (d)"), ("undo", "undo (u)"),
                        ("redo", "redo (ctrl+y)")):
        print(f"{label:20}{figures[name] * 1000:8.1f} ms   x{figures[name] / base:5.1f} a cursor move "
              f"({base * 1000:.1f} ms)   target < 100 ms")


if __name__ == "__main__":
    main()
