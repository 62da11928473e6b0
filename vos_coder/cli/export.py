"""`vos-coder export`: quote appendices for reports (other exports register here too)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, err, project, sub_app
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.exporters.output import format_for
from vos_coder.exporters.quotes import SUFFIXES, export_quotes
from vos_coder.exporters.quoteset import interviewer_note

app = sub_app("Export quotes and tables for reports and analysis software.")


class QuoteFormat(str, Enum):
    docx = "docx"
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


class QuoteStatus(str, Enum):
    approved = "approved"
    candidate = "candidate"
    any = "any"


class Locator(str, Enum):
    none = "none"
    turn = "turn"
    time = "time"


@app.command("quotes")
def quotes(
    out: Annotated[Path, typer.Option(help="File to write (.docx, .md, .html, .csv or .json).")],
    fmt: Annotated[QuoteFormat | None, typer.Option(
        "--format", "-f", help="docx, md, html, csv or json (default: from the --out file name).")] = None,
    theme: Annotated[list[str] | None, typer.Option("--theme", "-t", help="Theme (with sub-themes); repeatable.")] = None,
    participant: Annotated[list[str] | None, typer.Option("--participant", "-p", help="Participant; repeatable.")] = None,
    group: Annotated[str | None, typer.Option(help="Only this participant group.")] = None,
    status: Annotated[QuoteStatus, typer.Option(
        help="approved (default), candidate, or any (excluded quotes are never exported).")] =
    QuoteStatus.approved,
    locator: Annotated[Locator, typer.Option(
        help="Add the speaker turn or timestamp to identifier attributions: (VoS-AL-04, turn 12).")] =
    Locator.none,
    title: Annotated[str | None, typer.Option(help="Document title.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    allow_flagged: AllowFlaggedOpt = False,
    allow_empty: Annotated[bool, typer.Option(help="Write a file even when no quote matches.")] = False,
    with_memos: Annotated[bool, typer.Option(
        help="Print the memos on each quote and on each theme heading (checked by the disclosure gate).")] = False,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
) -> None:
    """Write a quote appendix: quotes grouped by theme in codebook order, each
    followed by its attribution, e.g. (VoS-AL-04) or (a surveyed frontline worker).

    Examples:

      vos-coder export quotes --format docx --out appendix.docx

      vos-coder export quotes -f md --out stigma.md --theme "Stigma and shame" --locator turn
    """
    from vos_coder.cli._bulk import exporting

    with project(db) as p:
        qs = export_quotes(p, out, format_for(out, fmt.value if fmt else None, SUFFIXES), theme or [],
                           participant or [], group, status.value, locator.value, title, force,
                           allow_flagged, allow_empty, with_memos,
                           gate_options(key, no_identifier_list), progress=exporting)
    if qs.interviewer:
        err(interviewer_note(qs))
    if not qs.items:
        err("no quotes match the selection; wrote an empty file")
    typer.echo(f"wrote {out}: {len(qs.items)} quote(s) under {len(qs.sections)} heading(s)")


def register(root: typer.Typer) -> None:
    """Add `export` with the table exports (cli/export_tables.py) to the main app."""
    from vos_coder.cli import export_tables

    export_tables.register(app)
    root.add_typer(app, name="export")
