"""Putting placeholders in place of matches; offsets move with the text
(the offset arithmetic is the store's ``apply_edits``, shared with redaction)."""

from __future__ import annotations

from collections.abc import Sequence

from vos_coder.privacy.pseudonymise import Match
from vos_coder.store.privacy import OffsetMap, apply_edits


def replace_matches(text: str, matches: Sequence[Match]) -> tuple[str, OffsetMap]:
    """Put each match's placeholder in place of its text (matches must not overlap)."""
    return apply_edits(text, [(m.start, m.end, m.placeholder) for m in matches])
