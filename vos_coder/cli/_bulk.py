"""Bulk work that reports like a tool: a progress bar on a terminal, a first
Ctrl-C that stops between items (so the count of what was stored is exact),
and one summary line at the end.

rich.progress is imported only when a bar is shown: never when stderr is not
a terminal, and never for small inputs.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

#: Inputs smaller than this finish before a bar would be worth drawing.
BAR_MIN = 20


def stderr_is_terminal() -> bool:
    from vos_coder.cli._common import raw_stream

    stream = raw_stream(sys.stderr)
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """``advance(n=1)`` for ``total`` items: a rich bar with counts, elapsed
    time and time left on stderr when it is a terminal and the input is large;
    otherwise nothing is drawn. The bar appears with the first step and is
    removed when done, so the summary (or the error) that follows stands alone."""
    if total < BAR_MIN or not stderr_is_terminal():
        yield lambda n=1: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from vos_coder.cli._common import console

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("left"),
               TimeRemainingColumn())
    bar = Progress(*columns, console=console(stderr=True), transient=True)
    task = bar.add_task(label, total=total)
    started = False

    def advance(n: int = 1) -> None:
        nonlocal started
        if not started:  # drawn from the first step: a refusal before any shows no bar
            bar.start()
            started = True
        bar.advance(task, n)

    try:
        yield advance
    finally:
        if started:
            bar.stop()


def exporting(total: int) -> Any:
    """The bar of the `export` commands (exporters' ``progress``): the strings
    the disclosure gate checks, then the quotes or rows written."""
    return progress_bar(total, "exporting")


def ticking(items: Iterable[T], advance: Callable[[int], None]) -> Iterator[T]:
    """The items, advancing the bar as each is taken."""
    for item in items:
        yield item
        advance(1)


class StopRequest:
    """Set by a first Ctrl-C; bulk loops ask it between items."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> bool:
        return self.requested


@contextmanager
def stop_between_items(hint: str = "stopping after this file (Ctrl-C again to stop now)"
                       ) -> Iterator[StopRequest]:
    """A first Ctrl-C asks the loop to stop after the item in hand; a second
    one interrupts at once (that item's transaction is rolled back)."""
    stop = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def first(signum: int, frame: object) -> None:
        stop.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from vos_coder.cli._common import err

        err(hint)

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
