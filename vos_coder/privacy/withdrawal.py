"""Withdrawal with --purge, end to end: the project (rows, search index,
free pages, -wal, audit-log file names, a group only they were in), the key
file (their identifiers and placeholder -> original entries), and the list of
copies made while they were in the project (exports, backups) for the lead to
destroy.

Each step says exactly what it left when it cannot finish; the same command
again finishes it (a purged participant is a tombstone: the rows step finds
nothing more to delete, the key file and scrub steps run again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vos_coder.errors import Unfinished, VosError
from vos_coder.privacy.keyfile import load_key


@dataclass
class PurgeReport:
    participant: str
    counts: dict[str, int]
    key_counts: dict[str, int] = field(default_factory=dict)
    copies: list[dict[str, Any]] = field(default_factory=list)


def purge_participant(project: Any, pid: str, key_path: Path | None) -> PurgeReport:
    """Purge ``pid`` everywhere vos-coder writes. Raises Unfinished naming
    what is done and what is not when a step after the first cannot finish."""
    pid = project.participant(pid).pid
    copies = project.copies_made_while_in(pid)
    counts = project.purge_rows(pid)  # all or nothing: on failure nothing changed
    report = PurgeReport(pid, counts, copies=copies)
    key_problem = None
    if key_path is not None:
        try:
            key = load_key(key_path)
            if key is not None:
                report.key_counts = key.forget(pid)
                if report.key_counts["identifiers"] or report.key_counts["mapping entries"]:
                    key.save()
        except VosError as exc:
            key_problem = exc.message
    again = f"run the same command again to finish: vos-coder participants withdraw {pid} --purge"
    try:
        project.scrub_after_purge(pid)
    except Unfinished as exc:
        if key_problem:
            raise Unfinished(f"{exc.message}. The key file was not changed either: {key_problem}") \
                from None
        raise
    if key_problem:
        raise Unfinished(f"{pid} is purged from the project, but their identifiers are still in "
                         f"the key file: {key_problem}; {again}")
    return report
