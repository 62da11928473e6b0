"""`vos-coder export codings` and `vos-coder export matrix`: tables for R, SPSS and Excel."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, CoderOpt, DbOpt, project
from vos_coder.errors import InvalidInput
from vos_coder.exporters.analysis_tables import export_codings, export_matrix


class CodingsFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class MatrixFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


GroupOpt = Annotated[str | None, typer.Option(help="Only participants of this group.")]


def _check_out(out: Path, fmt: str, force: bool) -> None:
    if out.suffix.lower() != f".{fmt}":
        raise InvalidInput(f"{out.name}: a {fmt} file should end in .{fmt}")
    if out.exists() and not force:
        raise InvalidInput(f"{out} exists; pass --force to overwrite it")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not a folder; create it or choose another --out")


def codings(
    out: Annotated[Path, typer.Option(help="File to write (.csv, .xlsx or .json).")],
    fmt: Annotated[CodingsFormat, typer.Option("--format", "-f", help="csv, xlsx or json.")] =
    CodingsFormat.csv,
    group: GroupOpt = None,
    coder: CoderOpt = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    allow_flagged: Annotated[bool, typer.Option(
        help="Export even if the disclosure check flags text (recorded in the audit log).")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """One row per coding: participant and attributes, group, source, turn speaker,
    theme path, coder, start, end, text. For R, SPSS or Excel.

    Example: vos-coder export codings --format xlsx --out codings.xlsx
    """
    _check_out(out, fmt.value, force)
    with project(db) as p:
        n = export_codings(p, out, fmt.value, group=group, coder=coder, allow_flagged=allow_flagged)
    typer.echo(f"wrote {out}: {n} coding(s)")


def matrix(
    out: Annotated[Path, typer.Option(help="File to write (.csv or .xlsx).")],
    fmt: Annotated[MatrixFormat, typer.Option("--format", "-f", help="csv or xlsx.")] =
    MatrixFormat.csv,
    group: GroupOpt = None,
    coder: CoderOpt = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Participants x themes: the number of excerpts of each participant coded
    with each theme (sub-themes included), with attributes, ready for R, SPSS or Excel.

    Example: vos-coder export matrix --format csv --out matrix.csv --group survivor
    """
    _check_out(out, fmt.value, force)
    with project(db) as p:
        people, themes = export_matrix(p, out, fmt.value, group=group, coder=coder)
    typer.echo(f"wrote {out}: {people} participant(s) x {themes} theme(s)")


def register(export_app: typer.Typer) -> None:
    """Add `codings` and `matrix` to the `export` command group."""
    export_app.command("codings")(codings)
    export_app.command("matrix")(matrix)
