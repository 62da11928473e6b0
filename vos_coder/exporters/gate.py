"""The disclosure gate every exporter passes what it is about to write through.

It runs the disclosure check (identifier lists from the key file beside the
project, pattern detectors, fuzzy matching) on exactly the texts given and
raises DisclosureBlocked while unresolved hits remain, naming them, unless
``allow_flagged``, which writes an audit-log row (hit ids, never the text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vos_coder.errors import DisclosureBlocked
from vos_coder.privacy.disclosure import Checked, check_texts, open_hits
from vos_coder.privacy.keyfile import default_key_path, load_key

SHOWN = 5


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
    path = getattr(project, "path", None)
    key = load_key(default_key_path(Path(path))) if path is not None else None
    dismissed = project.dismissed_fingerprints()  # type: ignore[attr-defined]
    hits = open_hits(check_texts([Checked(i.participant, i.excerpt_id, i.where, i.text)
                                  for i in items], key, dismissed))
    if not hits:
        return
    if not allow_flagged:
        named = "; ".join(f"{h.where}: {h.matched!r} ({h.kind}, hit {h.fingerprint})"
                          for h in hits[:SHOWN])
        more = f" and {len(hits) - SHOWN} more" if len(hits) > SHOWN else ""
        raise DisclosureBlocked(
            f"{what} refused: {len(hits)} disclosure hit(s): {named}{more}",
            hint="fix with vos-coder redact, mark false positives with vos-coder check dismiss HIT, "
                 "or pass --allow-flagged (recorded in the audit log)")
    with project.transaction():  # type: ignore[attr-defined]
        project.audit("export.override", what=what, hits=len(hits),  # type: ignore[attr-defined]
                      hit_ids=[h.fingerprint for h in hits], kinds=sorted({h.kind for h in hits}))
