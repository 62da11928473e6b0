"""The disclosure gate every exporter passes what it is about to write through.

Each exporter declares every string it writes (see ``privacy/outgoing.py`` for
the fields: text, display text, speaker, theme names and notes, memos,
participant ids, group names, attributes, source titles and file names,
document properties) and the gate runs the disclosure check on exactly those
strings. It raises DisclosureBlocked while unresolved hits remain, naming
them, unless ``allow_flagged``, which writes an audit-log row (keyed hit ids,
never the text).

No key, no export: where the key file cannot be found (``--key``, else
``$VOS_CODER_KEY``, else ``<project>.key``) the gate refuses with KeyMissing
(exit 3), unless ``no_identifier_list`` says to export with the pattern
detectors only, which is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vos_coder.errors import DisclosureBlocked
from vos_coder.privacy.disclosure import Checked, blocking, check_texts
from vos_coder.privacy.keyfile import (
    KeyFile,
    KeyMissing,
    load_key,
    missing_key_message,
    resolve_key_path,
)

SHOWN = 5
NO_LIST_HINT = ("or export with the pattern detectors only: --no-identifier-list, recorded in the "
                "audit log")


@dataclass(frozen=True)
class OutgoingText:
    """One string an export is about to publish (see ``Checked``)."""

    participant: str
    excerpt_id: int | None
    text: str
    where: str  # e.g. "Q-017 display text"
    place: str = ""  # where it lives in the project: "source 12", "theme 3 name"
    offset: int = 0  # where it starts in that place


@dataclass(frozen=True)
class GateOptions:
    """How an export meets the gate: the CLI's --key, --no-identifier-list
    and --allow-flagged."""

    key: Path | None = None
    no_identifier_list: bool = False
    allow_flagged: bool = False


def gate_key(project: object, options: GateOptions, what: str) -> KeyFile | None:
    """The key file the gate uses, or KeyMissing (None only with no_identifier_list)."""
    key_path = resolve_key_path(Path(project.path), options.key)  # type: ignore[attr-defined]
    try:
        key = load_key(key_path)
    except KeyMissing:
        if not options.no_identifier_list:
            raise
        key = None
    if key is None and not options.no_identifier_list:
        raise KeyMissing(f"{what} refused: {missing_key_message(key_path)}", hint=NO_LIST_HINT)
    return key


def _as_checked(items: Sequence[OutgoingText | Checked]) -> list[Checked]:
    out = []
    for i in items:
        if isinstance(i, Checked):
            out.append(i)
        else:
            out.append(Checked(i.participant, i.excerpt_id, i.where, i.text, i.place, i.offset))
    return out


def pre_export(project: object, items: Sequence[OutgoingText | Checked], allow_flagged: bool = False,
               what: str = "export", options: GateOptions | None = None,
               advance: Callable[[int], None] | None = None) -> None:
    """Raise KeyMissing without a key file (unless options.no_identifier_list),
    DisclosureBlocked if any item carries an unresolved disclosure hit (unless
    allowed, which is audited). ``advance(1)`` is called per item checked."""
    options = options or GateOptions()
    allow_flagged = allow_flagged or options.allow_flagged
    key = gate_key(project, options, what)
    if key is None:
        with project.transaction():  # type: ignore[attr-defined]
            project.audit("export.no_identifier_list", what=what)  # type: ignore[attr-defined]
    dismissed = project.dismissed_fingerprints()  # type: ignore[attr-defined]
    checked = _as_checked(items)
    if advance is not None:
        from vos_coder.exporters.output import ticking

        hits = blocking(check_texts(ticking(checked, advance), key, dismissed))
    else:
        hits = blocking(check_texts(checked, key, dismissed))
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
