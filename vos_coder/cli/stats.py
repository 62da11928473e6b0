"""`vos-coder stats`: counts as the reports give them, `56% (n=28)`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, project
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.core.shares import percent, share
from vos_coder.store.queries import parse_where

app = typer.Typer(help="Counts per theme and attribute, written as the reports write them: 56% (n=28).",
                  invoke_without_command=True, rich_markup_mode=None)

GroupOpt = Annotated[str | None, typer.Option(help="Only participants of this group (the denominator too).")]
WhereOpt = Annotated[list[str] | None, typer.Option(help="Only participants with ATTR=VALUE.")]
OutOpt = Annotated[Path | None, typer.Option(help="Also write the table to a Word file (.docx).")]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite the --out file if it exists.")]


def theme_rows(db: Path, group: str | None, where: list[str] | None, coder: str | None = None) -> list[dict]:
    with project(db) as p:
        p.check_coder(coder)
        stats = p.theme_stats(group, parse_where(where or []), coder)
    return [{"theme": s.theme.path, "name": "  " * s.theme.depth + s.theme.name, "depth": s.theme.depth,
             "excerpts": s.excerpts, "participants": s.participants, "in_scope": s.in_scope,
             "percent": percent(s.participants, s.in_scope),
             "share": share(s.participants, s.in_scope)} for s in stats]


def _check_out(out: Path | None, force: bool) -> None:
    """Refuse a bad --out before anything is printed."""
    if out is not None:
        from vos_coder.exporters.output import check_target

        check_target(out, (".docx",), force, fix="end --out in .docx")


Declare = Callable[[Any], list[Any]]  # project -> the fields the table is made of


def _docx(db: Path, out: Path | None, force: bool, title: str, columns: list[str],
          rows: list[dict[str, Any]], what: str, filters: dict[str, Any], declare: Declare,
          options: Any, note: str | None = None) -> None:
    if out is None:
        return
    from vos_coder.exporters.tables import write_docx_table  # python-docx: only for --out

    with project(db) as p:
        write_docx_table(p, out, title, columns, rows, what, filters, note=note, force=force,
                         declared=declare(p), gate_options=options)
    typer.echo(f"wrote {out}", err=True)


def _theme_names(rows: list[dict[str, Any]], key: str = "theme") -> Declare:
    from vos_coder.exporters import declared

    return lambda p: declared.themes_of(p, [r[key] for r in rows])


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

      vos-coder stats attributes --group "frontline worker" disclosure_barriers
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
    by: Annotated[str | None, typer.Option(
        help="Crosstab: participants per theme by this attribute's values (or 'group'), "
        "with column percentages.")] = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder's codings.")] = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Per theme: excerpts, participants and `NN% (n=K)` of participants in scope;
    with --by, a crosstab of participants per theme by attribute value. A coded
    passage the interviewer spoke is not counted under the participant.

    Examples:

      vos-coder stats themes --group survivor --format md

      vos-coder stats themes --group survivor --by town_type --out themes_by_town.docx
    """
    _check_out(out, force)
    options = gate_options(key, no_identifier_list, allow_flagged)
    filters = {"group": group, "where": where or [], "by": by, "coder": coder}
    if by is None:
        rows = theme_rows(db, group, where, coder)
        _emit_themes(rows, fmt)
        _docx(db, out, force, "Themes", ["name", "excerpts", "participants", "share"], rows,
              "stats.themes", filters, _theme_names(rows), options)
        return
    from vos_coder.analysis.stats import theme_crosstab

    with project(db) as p:
        tab = theme_crosstab(p, by, group, parse_where(where or []))
    rows = tab.as_rows()
    heads = [f"{c} (n={n})" for c, n in zip(tab.columns, tab.column_totals)]
    for r in rows:
        for c, h in zip(tab.columns, heads):
            r[h] = r[c]
    if fmt is Format.table or fmt is Format.md:
        emit(rows, fmt, ["name", *heads], title=f"Participants per theme by {by} (column %)",
             empty="no themes")
    else:
        for r, (_path, _depth, counts) in zip(rows, tab.rows):
            for c, n in zip(tab.columns, counts):
                r[f"{c} n"] = n
        emit(rows, fmt, ["theme", *[x for c in tab.columns for x in (f"{c} n", c)]])
    def declare(p: Any) -> list[Any]:
        from vos_coder.exporters import declared

        by_fields = (declared.group_fields(p, tab.columns) if by == "group"
                     else declared.attribute_fields(p, [by], group))
        return _theme_names(rows)(p) + by_fields

    _docx(db, out, force, f"Participants per theme by {by}", ["name", *heads], rows,
          "stats.crosstab", filters, declare, options,
          note="Column percentages: the share of participants with each value.")


@app.command("cooccurrence")
def cooccurrence_(
    group: GroupOpt = None,
    min_count: Annotated[int, typer.Option("--min", min=1, help="Only pairs found in at least N passages.")] = 1,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Theme pairs found together: in one passage, in overlapping passages or in
    one speaker turn; with the number of passage pairs and of participants.

    Example: vos-coder stats cooccurrence --min 2 --format csv
    """
    from vos_coder.analysis.stats import cooccurrence

    _check_out(out, force)
    with project(db) as p:
        rows = [c.as_dict() for c in cooccurrence(p, group, min_count)]
    columns = ["theme_a", "theme_b", "passages", "participants"]
    emit(rows, fmt, columns, title="Themes found together", empty="no themes occur together")
    _docx(db, out, force, "Themes found together", columns, rows, "stats.cooccurrence",
          {"group": group, "min": min_count},
          lambda p: _theme_names(rows, "theme_a")(p) + _theme_names(rows, "theme_b")(p),
          gate_options(key, no_identifier_list, allow_flagged))


@app.command("attributes")
def attributes(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[ATTR]...", help="Attributes to tabulate (default: all of the group's).")] = None,
    group: Annotated[str | None, typer.Option(help="Participant group, e.g. \"frontline worker\".")] = None,
    bins: Annotated[str | None, typer.Option(
        metavar="EDGES", help="Numeric attributes: the share of participants in bands with these "
        "edges, e.g. 0,5,10,20 (0-4, 5-9, 10-19, 20 or more).")] = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Frequency tables of participant attributes, multi-select questions
    included, sorted by share: `56% (n=28)` of the participants in scope.

    An attribute whose every value is a number (years_experience) is numeric:
    one summary row (min, median, max; n who answered) instead of a row per
    value, and with --bins the share in each band.

    Examples:

      vos-coder stats attributes --group "frontline worker" disclosure_barriers

      vos-coder stats attributes --group "frontline worker" years_experience --bins 0,5,10,20
    """
    from vos_coder.analysis.stats import attribute_tables, parse_bins

    _check_out(out, force)
    edges = parse_bins(bins) if bins is not None else None
    with project(db) as p:
        tables = attribute_tables(p, group, names or [], edges)
    if edges and not any(t.numeric for t in tables):
        from vos_coder.errors import InvalidInput

        raise InvalidInput("--bins: none of " + ", ".join(t.attribute for t in tables)
                           + " is numeric (every value a number); leave --bins out")
    rows = [r for t in tables for r in t.as_dicts()]
    numeric = any(t.numeric for t in tables)
    if fmt is Format.table:
        for t in tables:
            kind = "multi-select, " if t.multi_select else ("numeric, " if t.numeric else "")
            emit(t.as_dicts(), fmt, ["value", "share"],
                 title=f"{t.attribute} ({kind}{t.respondents} participants)", empty=f"{t.attribute}: no values")
    else:
        emit(rows, fmt, ["attribute", "value", "n", "total", "percent", "share",
                         *(["min", "median", "max"] if numeric else [])])
    title = ", ".join(t.attribute for t in tables) + (f" ({group})" if group else "")
    def declare(p: Any) -> list[Any]:
        from vos_coder.exporters import declared

        return (declared.attribute_fields(p, [t.attribute for t in tables], group)
                + declared.group_fields(p, [group]))

    _docx(db, out, force, title, ["attribute", "value", "share"], rows, "stats.attributes",
          {"group": group, "attributes": names or [], "bins": bins}, declare,
          gate_options(key, no_identifier_list, allow_flagged),
          note="Share of participants in scope; multi-select options can add up to more than 100%.")
