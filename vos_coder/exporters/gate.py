"""The disclosure gate every exporter passes what it is about to write through.

The confidentiality work fills this in: it runs the disclosure check on the
exact texts and raises DisclosureBlocked while unresolved hits remain, unless
``allow_flagged`` (which writes an audit-log row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OutgoingText:
    """One piece of text an export is about to publish."""

    participant: str
    excerpt_id: int | None
    text: str
    where: str  # e.g. "Q-017 display text"


def pre_export(project: object, items: Sequence[OutgoingText], allow_flagged: bool = False,
               what: str = "export") -> None:
    """Raise DisclosureBlocked if any item carries an unresolved disclosure hit."""
    return None
