"""How fast the workbench answers, as the researcher experiences it (not a test).

Three figures, each against a baseline measured in the same run:

1. Start-up: process start until the first frame is on the terminal, for
   ``vos-coder open --db FILE`` and for a bare Textual app (a Header and a
   Static) started the same way (``python ...`` in a pseudo-terminal).
   The clock stops when the app's own text appears in the terminal output:
   for vos-coder, its first screen ("Opening bench.db…", drawn before the
   project is opened) and, separately, the same screen listing the sources
   (its summary line, "Enter opens a source"), both against the same bare app.
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

    def times_of(self, *markers: bytes, timeout: float = 60) -> list[float]:
        """Seconds from process start until each marker was first drawn (in any order)."""
        found: dict[bytes, float] = {}
        everything = b""
        t0 = time.perf_counter()
        while len(found) < len(markers) and time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                break
            at = time.perf_counter()
            everything += chunk
            for m in markers:
                if m not in found and m in everything:
                    found[m] = at - self.started
        missing = [m for m in markers if m not in found]
        if missing:
            raise RuntimeError(f"{missing!r} never appeared; last output {everything[-300:]!r}")
        self.seen = everything[-8192:]
        return [found[m] for m in markers]

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


def startup(db: Path, repeat: int) -> dict[str, float]:
    """Process start to first frame, the app and a bare Textual app,
    interleaved; the app's sources listed; and opening the transcript. Medians,
    and the median of the per-pair ratios (each pair ran back to back)."""
    runs: dict[str, list[float]] = {k: [] for k in ("bare", "first", "listed", "opened")}
    for _ in range(repeat):
        t = Terminal([sys.executable, "-c", BARE_APP], ENV)
        runs["bare"] += t.times_of(b"bare-ready")
        t.close()
        t = Terminal([sys.executable, "-m", "vos_coder", "open", "--db", str(db)], ENV)
        first, listed = t.times_of(b"Opening " + db.name.encode(), b"Enter opens a source")
        runs["first"].append(first)
        runs["listed"].append(listed)
        runs["opened"].append(t.key(b"\r", b"for keys"))
        t.close()
    out = {k: statistics.median(v) for k, v in runs.items()}
    for k in ("first", "listed"):
        out[f"{k}/bare"] = statistics.median(a / b for a, b in zip(runs[k], runs["bare"], strict=True))
    return out


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
    ap.add_argument("--startup-only", action="store_true",
                    help="measure start-up and opening the transcript only (not the coding keys)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build(db, args.words, args.codings)
        subprocess.run([sys.executable, "-c", "import vos_coder.cli, textual.app"], check=True)  # warm disk cache
        start = startup(db, args.repeat)
        figures = {} if args.startup_only else keys(db, args.repeat)
        history = sqlite3.connect(db).execute("SELECT count(*) FROM history").fetchone()[0]
        expected = 0 if args.startup_only else 2 * args.repeat
        assert history == expected, f"the keys did not all code: {history} history rows"
    print(f"transcript: about {args.words:,} words, {args.codings:,} codings, terminal {SIZE[0]}x{SIZE[1]}, "
          f"median of {args.repeat}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bare = start["bare"] * 1000
    print(f"start-up to first frame: vos-coder open {start['first'] * 1000:.0f} ms, bare Textual app "
          f"{bare:.0f} ms, ratio {start['first/bare']:.2f} (target <= 1.3)")
    print(f"start-up to the sources listed: {start['listed'] * 1000:.0f} ms, ratio "
          f"{start['listed/bare']:.2f} to the bare app's first frame")
    print(f"open the transcript: {start['opened'] * 1000:.0f} ms (target < 500 ms)")
    if not figures:
        return
    base = figures["down"]
    for name, label in (("code", "code (1)"), ("uncode", "remove coding (d)"), ("undo", "undo (u)"),
                        ("redo", "redo (ctrl+y)")):
        print(f"{label:20}{figures[name] * 1000:8.1f} ms   x{figures[name] / base:5.1f} a cursor move "
              f"({base * 1000:.1f} ms)   target < 100 ms")


if __name__ == "__main__":
    main()
