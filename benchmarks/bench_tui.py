"""How fast the transcript view opens and answers keys (not a test).

A 100,000-word (~600,000-character) fictional transcript with 2,000 codings
over 20 themes is shown in the coding widget (TranscriptView) and, as the bare
baseline in the same run, in a plain read-only TextArea with the same text and
no codings. Figures: time to ready (text loaded, wrapped, highlighted, first
frame drawn) and the cost per key of moving the cursor and of extending the
selection, each with its ratio to the baseline.

Run: python benchmarks/bench_tui.py [--words 100000] [--codings 2000] [--keys 60]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import coding_spans, transcript
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from vos_coder.core.codebook import PALETTE
from vos_coder.core.text import normalise
from vos_coder.tui.widgets.transcript_view import Legend, TranscriptView

SIZE = (120, 40)


class Bench(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def measure(make, load, keys: int) -> dict[str, float]:
    widget = make()
    app = Bench(widget)
    async with app.run_test(size=SIZE) as pilot:
        widget.focus()
        await pilot.pause()
        t0 = time.perf_counter()
        load(widget)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        ready = time.perf_counter() - t0
        out = {"ready": ready}
        height = widget.size.height
        for name, action in (("move", lambda: widget.action_cursor_down()),
                             ("extend", lambda: widget.action_cursor_right(select=True)),
                             ("extend_line", lambda: widget.action_cursor_down(select=True))):
            times = []
            for _ in range(keys):
                t = time.perf_counter()
                action()  # what the key binding runs ...
                for y in range(height):  # ... and the repaint of the visible lines
                    widget.render_line(y)
                times.append(time.perf_counter() - t)
                await pilot.pause()
            out[name] = statistics.median(times)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--codings", type=int, default=2000)
    ap.add_argument("--keys", type=int, default=60)
    args = ap.parse_args()
    rng = random.Random(11)
    text = normalise(transcript(rng, args.words))
    spans = [(a, min(b, len(text)), i % 20) for i, (a, b) in
             enumerate(coding_spans(text, args.codings, rng))]
    legend = {k: Legend(f"Theme {k} [x]", PALETTE[k % len(PALETTE)]) for k in range(20)}
    print(f"transcript: {len(text.split()):,} words, {len(text):,} characters, "
          f"{len(spans):,} codings, terminal {SIZE[0]}x{SIZE[1]}")

    def bare():
        return TextArea("", read_only=True, soft_wrap=True)

    base = asyncio.run(measure(bare, lambda w: w.load_text(text), args.keys))
    view = asyncio.run(measure(TranscriptView, lambda w: w.show(text, spans, legend), args.keys))
    print(f"{'':22}{'TranscriptView':>16}{'bare TextArea':>16}{'ratio':>8}")
    for name, label in (("ready", "time to ready"), ("move", "cursor down / key"),
                        ("extend", "shift+right / key"), ("extend_line", "shift+down / key")):
        print(f"{label:22}{view[name] * 1000:13.1f} ms{base[name] * 1000:13.1f} ms"
              f"{view[name] / base[name]:8.2f}")
    print("per key: median of the bound action plus render_line() of every visible row.")


if __name__ == "__main__":
    main()
