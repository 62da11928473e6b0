"""`vos-coder export codings` and `vos-coder export matrix`: tables for R, SPSS and Excel."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, project
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.exporters.analysis_tables import SUFFIXES, export_codings, export_matrix
from vos_coder.exporters.output import format_for


class CodingsFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class MatrixFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


GroupOpt = Annotated[str | None, typer.Option(help="Only participants of this group.")]
CoderFilter = Annotated[str | None, typer.Option(help="Only this coder's codings.")]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite an existing file.")]


def codings(
    out: Annotated[Path, typer.Option(help="File to write (.csv, .xlsx or .json).")],
    fmt: Annotated[CodingsFormat | None, typer.Option(
        "--format", "-f", help="csv, xlsx or json (default: from the --out file name).")] = None,
    group: GroupOpt = None,
    coder: CoderFilter = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
) -> None:
    """One row per coding: participant and attributes, group, source, turn speaker,
    theme path, coder, start, end, text. For R, SPSS or Excel.

    Example: vos-coder export codings --out codings.xlsx --coder ana
    """
    from vos_coder.cli._bulk import exporting

    kind = format_for(out, fmt.value if fmt else None, SUFFIXES)
    with project(db) as p:
        n = export_codings(p, out, kind, group=group, coder=coder, allow_flagged=allow_flagged,
                           force=force, gate_options=gate_options(key, no_identifier_list),
                           progress=exporting)
    typer.echo(f"wrote {out}: {n} coding(s)")


def matrix(
    out: Annotated[Path, typer.Option(help="File to write (.csv or .xlsx).")],
    fmt: Annotated[MatrixFormat | None, typer.Option(
        "--format", "-f", help="csv or xlsx (default: from the --out file name).")] = None,
    group: GroupOpt = None,
    coder: CoderFilter = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
) -> None:
    """Participants x themes: the number of excerpts of each participant coded
    with each theme (sub-themes included), with attributes, ready for R, SPSS or Excel.
    A coded passage the interviewer spoke is not counted (it is not the participant's
    words; export codings lists it, with speaker Interviewer).

    Example: vos-coder export matrix --format csv --out matrix.csv --group survivor
    """
    from vos_coder.cli._bulk import exporting

    kind = format_for(out, fmt.value if fmt else None, {k: SUFFIXES[k] for k in ("csv", "xlsx")})
    with project(db) as p:
        people, themes = export_matrix(p, out, kind, group=group, coder=coder, force=force,
                                       gate_options=gate_options(key, no_identifier_list,
                                                                 allow_flagged),
                                       progress=exporting)
    typer.echo(f"wrote {out}: {people} participant(s) x {themes} theme(s)")


def register(export_app: typer.Typer) -> None:
    """Add `codings` and `matrix` to the `export` command group."""
    export_app.command("codings")(codings)
    export_app.command("matrix")(matrix)
