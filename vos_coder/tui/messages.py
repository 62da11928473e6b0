"""App-wide messages: they carry values, never widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenSource(Message):
    """Open a source on the coding screen, optionally selecting a span."""

    source_id: int
    start: int | None = None
    end: int | None = None


@dataclass
class CodingsChanged(Message):
    """Codings of a source (or of any, with None) changed."""

    source_id: int | None = None
