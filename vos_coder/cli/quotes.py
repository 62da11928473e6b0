"""`vos-coder quotes`: curate quotes for reports (list, approve, exclude, edit)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, project, sub_app
from vos_coder.core.model import Passage
from vos_coder.core.quotes import printed_text
from vos_coder.errors import InvalidInput

app = sub_app("Curate quotes: list them, approve or exclude them for publication, "
              "set the display text a report prints.")


class StatusFilter(str, Enum):
    any = "any"
    candidate = "candidate"
    approved = "approved"
    excluded = "excluded"


QuoteArgs = Annotated[list[str], typer.Argument(help="Quote numbers, like Q-017 or 17 (excerpt ids with --excerpt).")]
ByExcerpt = Annotated[bool, typer.Option("--excerpt", help="The arguments are excerpt ids, not quote numbers.")]


def _row(q: Passage) -> dict:
    return {"quote": q.quote_id, "participant": q.participant, "group": q.group,
            "themes": list(q.themes), "status": q.quote_status, "source": q.source_title,
            "start": q.start, "end": q.end, "text": q.text, "display_text": q.display_text,
            "printed": printed_text(q.text, q.display_text)}


@app.command("list")
def list_(
    theme: Annotated[list[str] | None, typer.Option("--theme", "-t", help="Theme (with sub-themes); repeatable.")] = None,
    participant: Annotated[list[str] | None, typer.Option("--participant", "-p", help="Participant; repeatable.")] = None,
    group: Annotated[str | None, typer.Option(help="Participant group.")] = None,
    status: Annotated[StatusFilter, typer.Option(help="Only quotes with this status.")] = StatusFilter.any,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Quotes with number, participant, themes, status and the text a report prints.

    Example: vos-coder quotes list --theme "Stigma and shame" --status approved
    """
    with project(db) as p:
        found = p.quotes(theme or [], participant or [], group,
                         None if status is StatusFilter.any else status.value)
    rows = [_row(q) for q in found]
    if fmt is Format.table:
        emit(rows, fmt, ["quote", "participant", "status", "themes", "printed"],
             title=f"{len(rows)} quote(s)", empty="no quotes match")
    else:
        emit(rows, fmt, ["quote", "participant", "group", "themes", "status", "source", "start", "end",
                         "text", "display_text"])


def _set_status(refs: list[str], status: str, by_excerpt: bool, db: Path) -> None:
    by = "excerpt" if by_excerpt else "number"
    with project(db) as p, p.transaction():  # all or nothing
        done = [p.set_quote_status(r, status, by) for r in refs]
    for q in done:
        typer.echo(f"{q.quote_id} {status} ({q.participant})")


@app.command()
def approve(refs: QuoteArgs, by_excerpt: ByExcerpt = False, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Approve quotes for publication (exports take approved quotes by default).

    Example: vos-coder quotes approve Q-003 Q-017
    """
    _set_status(refs, "approved", by_excerpt, db)


@app.command()
def exclude(refs: QuoteArgs, by_excerpt: ByExcerpt = False, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Exclude quotes: they are never exported.

    Example: vos-coder quotes exclude Q-005
    """
    _set_status(refs, "excluded", by_excerpt, db)


@app.command()
def candidate(refs: QuoteArgs, by_excerpt: ByExcerpt = False, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Put quotes back to candidate (neither approved nor excluded).

    Example: vos-coder quotes candidate Q-005
    """
    _set_status(refs, "candidate", by_excerpt, db)


@app.command()
def edit(
    ref: Annotated[str, typer.Argument(help="Quote number, like Q-017.")],
    display: Annotated[str | None, typer.Option(
        "--display", "-d", help="The text to print: the passage with […] omissions and [added words].")] = None,
    clear: Annotated[bool, typer.Option(help="Remove the display text (print the passage as it is).")] = False,
    by_excerpt: ByExcerpt = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Set or clear a quote's display text. It is checked against the source:
    apart from […] omissions and [bracketed additions], every word must be in
    the passage, in order; otherwise it is refused, showing where it departs.

    Example: vos-coder quotes edit Q-017 --display "[…] nobody [at school] called me back."
    """
    if clear == (display is not None):
        raise InvalidInput("give either --display TEXT or --clear")
    with project(db) as p:
        q = p.set_display_text(ref, None if clear else display, "excerpt" if by_excerpt else "number")
    typer.echo(f"{q.quote_id}: " + (f"display text set: {q.display_text}" if q.display_text
                                    else "display text cleared"))
