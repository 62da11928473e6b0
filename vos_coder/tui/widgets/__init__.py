"""Widgets of the workbench (each loaded when first asked for, so that the
first screen does not load the coding screen's widgets)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"CodebookTree": "codebook_tree", "ExcerptTable": "excerpt_table",
          "FilterBar": "filter_bar", "Legend": "transcript_view", "TranscriptView": "transcript_view"}

__all__ = ["CodebookTree", "ExcerptTable", "FilterBar", "Legend", "TranscriptView"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
