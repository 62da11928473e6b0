"""Plain text and Markdown transcripts."""

from __future__ import annotations

from vos_coder.core.model import ParsedSource
from vos_coder.importers.decode import decode
from vos_coder.importers.turns import find_turns


def parse_text(data: bytes, name: str) -> ParsedSource:
    text, warnings = decode(data, name)
    return ParsedSource(text, find_turns(text), "conversation", tuple(warnings))
