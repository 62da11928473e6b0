"""`vos-coder stats`: counts as the reports give them, `56% (n=28)`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, project
from vos_coder.core.shares import percent, share
from vos_coder.store.queries import parse_where

app = typer.Typer(help="Counts per theme and attribute, written as the reports write them: 56% (n=28).",
                  invoke_without_command=True, rich_markup_mode=None)

GroupOpt = Annotated[str | None, typer.Option(help="Only participants of this group (the denominator too).")]
WhereOpt = Annotated[list[str] | None, typer.Option(help="Only participants with ATTR=VALUE.")]


def theme_rows(db: Path, group: str | None, where: list[str] | None, coder: str | None = None) -> list[dict]:
    with project(db) as p:
        stats = p.theme_stats(group, parse_where(where or []), coder)
    return [{"theme": s.theme.path, "name": "  " * s.theme.depth + s.theme.name, "depth": s.theme.depth,
             "excerpts": s.excerpts, "participants": s.participants, "in_scope": s.in_scope,
             "percent": percent(s.participants, s.in_scope),
             "share": share(s.participants, s.in_scope)} for s in stats]


@app.callback()
def stats_default(
    ctx: typer.Context,
    group: GroupOpt = None,
    where: WhereOpt = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Per theme: excerpts, distinct participants, and their share of the
    participants in scope. A theme's figures include its sub-themes.

    Examples:

      vos-coder stats --group survivor

      vos-coder stats --format json
    """
    if ctx.invoked_subcommand is None:
        _emit_themes(theme_rows(db, group, where), fmt)


def _emit_themes(rows: list[dict], fmt: Format) -> None:
    if fmt is Format.table:
        n = rows[0]["in_scope"] if rows else 0
        emit(rows, fmt, ["name", "excerpts", "participants", "share"],
             title=f"Themes ({n} participants in scope)", empty="no themes")
    else:
        emit(rows, fmt, ["theme", "excerpts", "participants", "in_scope", "percent", "share"])


@app.command("themes")
def themes(
    group: GroupOpt = None,
    where: WhereOpt = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder's codings.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Per theme: excerpts, participants and `NN% (n=K)` of participants in scope.

    Example: vos-coder stats themes --group survivor --format md
    """
    _emit_themes(theme_rows(db, group, where, coder), fmt)
