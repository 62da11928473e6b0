"""The pure domain: identifiers, text and offsets, value types. No I/O, no UI, no SQL."""

from vos_coder.core.ids import IdScheme
from vos_coder.core.model import (
    AuditEntry,
    Coding,
    Excerpt,
    Group,
    Memo,
    ParsedSource,
    Participant,
    Passage,
    Source,
    Theme,
    ThemeStat,
    Turn,
)
from vos_coder.core.shares import percent, share
from vos_coder.core.text import LineIndex, content_hash, find_span, normalise

__all__ = [
    "AuditEntry", "Coding", "Excerpt", "Group", "IdScheme", "LineIndex", "Memo", "ParsedSource",
    "Participant", "Passage", "Source", "Theme", "ThemeStat", "Turn", "content_hash",
    "find_span", "normalise", "percent", "share",
]
