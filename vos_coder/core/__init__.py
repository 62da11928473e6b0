"""The pure domain: identifiers, text and offsets, value types. No I/O, no UI, no SQL.

The names below are loaded on first use, so that importing one small module
of the core (``vos_coder.core.controls``) does not load every value type."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "IdScheme": "ids", "LineIndex": "text", "content_hash": "text", "find_span": "text",
    "normalise": "text", "percent": "shares", "share": "shares",
    **{name: "model" for name in ("AuditEntry", "Coding", "Excerpt", "Group", "Memo", "ParsedSource",
                                   "Participant", "Passage", "Source", "Theme", "ThemeStat", "Turn")},
}

__all__ = [
    "AuditEntry", "Coding", "Excerpt", "Group", "IdScheme", "LineIndex", "Memo", "ParsedSource",
    "Participant", "Passage", "Source", "Theme", "ThemeStat", "Turn", "content_hash",
    "find_span", "normalise", "percent", "share",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
