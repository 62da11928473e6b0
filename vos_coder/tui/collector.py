"""Python's cycle collector, kept out of the way of the keys.

A full collection walks every object the process holds: with Textual loaded
and a 100,000-word transcript open that is a pause of a tenth of a second or
more, landing on whichever key press happens to allocate the object that
triggers it (measured: several such pauses while a transcript opens).
Objects that live as long as the screen (the loaded modules, the app, the
transcript and its line tables) are moved out of the collector's sight with
``gc.freeze()`` once they are built; the collector keeps collecting what the
keys create. When a transcript is closed its objects are handed back
(``gc.unfreeze()``) and collected at a quiet moment, so nothing leaks.
Start-up runs with no automatic collection at all until the first frame is
drawn (``started``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection while a large structure is being built."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def settle() -> None:
    """What exists now lives long: keep the collector from walking it again."""
    gc.freeze()


def release() -> None:
    """Long-lived objects may have become garbage (a screen closed): hand them
    back to the collector, collect once, and settle what is left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def started() -> None:
    """The first frame is up. ``vos-coder open`` starts with automatic
    collection off (cli/launch.py: measured 40-120 ms of collections before the
    first frame, over objects that all live on); collect once, settle what is
    left, and turn it back on."""
    release()
    gc.enable()


def unfreeze() -> None:
    """Back to Python's defaults (the app is closing)."""
    gc.unfreeze()
