"""Export a quote set to docx, md, html, csv or json: select, gate, write
atomically, audit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vos_coder.errors import InvalidInput
from vos_coder.exporters import csv_json, docx, html, markdown
from vos_coder.exporters.gate import GateOptions
from vos_coder.exporters.output import (
    Progress,
    atomic_write,
    audit_export,
    check_target,
    no_progress,
    write_text,
)
from vos_coder.exporters.quoteset import (
    EmptySelection,
    QuoteSet,
    build_quote_set,
    declared,
    gate,
    interviewer_note,
)

SUFFIXES = {"docx": (".docx",), "md": (".md", ".markdown", ".qmd"), "html": (".html", ".htm"),
            "csv": (".csv",), "json": (".json",)}


def write_quote_set(qs: QuoteSet, out: Path, fmt: str,
                    advance: Callable[[int], None] | None = None) -> str:
    """Write ``qs`` in ``fmt`` atomically; returns the output's SHA-256.
    ``advance(n)`` is told of the quotes written."""
    if fmt == "docx":
        return atomic_write(out, lambda tmp: docx.write(qs, tmp, advance))
    renderers = {"md": markdown.render, "html": html.render, "csv": csv_json.render_csv,
                 "json": csv_json.render_json}
    digest = write_text(out, renderers[fmt](qs))
    if advance is not None:
        advance(steps(qs))
    return digest


def steps(qs: QuoteSet) -> int:
    """The quotes a writer goes through: each under every heading it is printed under."""
    return sum(len(s.items) for s in qs.sections)


def export_quotes(project: Any, out: Path, fmt: str, themes: Sequence[str] = (),
                  participants: Sequence[str] = (), group: str | None = None,
                  status: str = "approved", locator: str = "none", title: str | None = None,
                  force: bool = False, allow_flagged: bool = False,
                  allow_empty: bool = False, with_memos: bool = False,
                  gate_options: GateOptions | None = None,
                  progress: Progress | None = None) -> QuoteSet:
    """Export the selected quotes; returns what was written. Raises
    EmptySelection (and writes nothing) when no quote matches, unless
    ``allow_empty``. ``progress`` (a bar) counts the strings the disclosure
    gate checks and the quotes written."""
    if fmt not in SUFFIXES:
        raise InvalidInput(f"--format must be one of {', '.join(SUFFIXES)}")
    out = check_target(Path(out), SUFFIXES[fmt], force)
    qs = build_quote_set(project, themes, participants, group, status, locator, title, with_memos)
    if not qs.items and not allow_empty:
        what = "approved quotes" if status == "approved" else "quotes"
        note = f" ({interviewer_note(qs)})" if qs.interviewer else ""
        raise EmptySelection(f"no {what} match the selection; nothing written{note} "
                             "(approve quotes with: vos-coder quotes approve Q-001; "
                             "or pass --allow-empty for an empty file)")
    outgoing = declared(project, qs)
    with (progress or no_progress)(len(outgoing) + steps(qs)) as advance:
        gate(project, qs, allow_flagged, gate_options, outgoing, advance)
        digest = write_quote_set(qs, out, fmt, advance)
    audit_export(project, "quotes", out, fmt, len(qs.items), digest, qs.filters)
    return qs
