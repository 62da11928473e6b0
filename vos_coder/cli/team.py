"""`vos-coder merge`, `agree`, `disagreements` and `coders`: teams of coders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import (
    DEFAULT_DB,
    CoderOpt,
    DbOpt,
    Format,
    FormatOpt,
    emit,
    project,
    sub_app,
)
from vos_coder.core.text import squash
from vos_coder.errors import InvalidInput
from vos_coder.store._base import default_actor
from vos_coder.team import (
    RULES,
    agreement_table,
    disagreements,
    merge_project,
    parse_coders,
    settle,
)

coders_app = sub_app("The coders of this project and what each has coded.")

CodersOpt = Annotated[str, typer.Option(
    "--coders", help="Coders to compare, comma-separated, e.g. ana,ben (names as in: vos-coder coders list).")]
ThemeOpt = Annotated[list[str] | None, typer.Option(
    "--theme", "-t", help="Only this theme (with its sub-themes); repeat for several. "
    "Default: every theme the coders applied.")]

CONFLICT_COLUMNS = ["kind", "subject", "ours", "theirs", "resolution"]

MERGE_HELP = f"""Bring another coder's copy of the project into this one.

Sources match by content, themes by stable id and then by path, participants
by identifier. New participants, sources, themes, codings (with their coder),
memos and quote decisions come in; everything that already exists is left as
it is, so merging the same file twice adds nothing. One transaction: on any
error nothing is merged. Every conflict is listed with how it was settled.

\b
{RULES}

\b
Examples:
  vos-coder merge ben-copy.db --dry-run
  vos-coder merge ben-copy.db --db team.db --format json
"""


def merge(
    other: Annotated[Path, typer.Argument(help="The other coder's project file (.db).")],
    dry_run: Annotated[bool, typer.Option(help="Show what would come in, change nothing.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Merge another coder's project file (help text: MERGE_HELP)."""
    from vos_coder.cli._bulk import progress_bar

    with project(db) as p:
        report = merge_project(p, other, dry_run=dry_run,
                               progress=lambda total: progress_bar(total, "merging"))
    conflicts = [c.as_dict() for c in report.conflicts]
    if fmt in (Format.json, Format.jsonl):
        emit([{"file": report.other, "dry_run": report.dry_run, **report.added,
               "conflicts": conflicts}], fmt)
        return
    if fmt is not Format.table:
        emit(conflicts, fmt, CONFLICT_COLUMNS)
        return
    added = ", ".join(f"{n} {k}" for k, n in report.added.items())
    verb = "would add" if dry_run else "added"
    typer.echo(f"{report.other}: {verb} {added}" if report.changed
               else f"{report.other}: nothing new to merge")
    if report.conflicts:
        emit(conflicts, fmt, CONFLICT_COLUMNS, title=f"{len(report.conflicts)} conflict(s)")
    if dry_run:
        typer.echo("dry run: nothing was changed")


def _fig(x: float | None, percent: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x:.1%}" if percent else f"{x:.3f}"


def agree(
    coders: CodersOpt,
    theme: ThemeOpt = None,
    unit: Annotated[str, typer.Option(help="char: every character is a unit (as NVivo counts); "
                                      "turn: every speaker turn is a unit.")] = "char",
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Agreement between coders per theme and overall: percentage agreement,
    Cohen's kappa (two coders) and Krippendorff's alpha (nominal, two or more
    coders), with the number of units each figure rests on.

    Units are the characters (or speaker turns) of the sources that at least two
    of the coders worked on; a coder who coded nothing in a source counts as
    missing there. A coding of a sub-theme counts for its parent. n/a: the
    figure is undefined (e.g. nobody used the theme in those units).

    \b
    Examples:
      vos-coder agree --coders ana,ben
      vos-coder agree --coders ana,ben,cleo --unit turn -t "Culture of silence" --format json
    """
    names = parse_coders(coders)
    with project(db) as p:
        rows = agreement_table(p, names, theme or [], unit)
    data = [r.as_dict(unit) for r in rows]
    coded = [f"coded_by_{c}" for c in names]
    if fmt is Format.table:
        shown = [{"theme": r.theme, "units": f"{r.figures.units:,}",
                  "agreement": _fig(r.figures.percent, True), "kappa": _fig(r.figures.kappa),
                  "alpha": _fig(r.figures.alpha), **{f"coded_by_{c}": f"{r.coded[c]:,}" for c in names}}
                 for r in rows]
        cols = ["theme", "units", "agreement"] + (["kappa"] if len(names) == 2 else []) + ["alpha", *coded]
        sources = rows[0].sources if rows else 0
        kind = "characters" if unit == "char" else "speaker turns"
        emit(shown, fmt, cols, title=f"Agreement of {', '.join(names)} over {kind} of {sources} source(s)",
             empty="no source was coded by two of these coders; nothing to compare")
    else:
        emit(data, fmt, ["theme", "unit", "units", "sources", "percent_agreement", "kappa", "alpha", *coded])


def disagreements_cmd(
    coders: CodersOpt,
    theme: ThemeOpt = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """The passages where two coders applied a theme differently, with both
    codings side by side (START:END of each; - where a coder did not code it).
    Settle one by its number n with: vos-coder settle.

    \b
    Examples:
      vos-coder disagreements --coders ana,ben
      vos-coder disagreements --coders ana,ben -t "Culture of silence" --format json
    """
    names = parse_coders(coders, at_least=2, at_most=2)
    with project(db) as p:
        found = disagreements(p, names, theme or [])
    rows = [{"n": i, **d.as_dict(names)} for i, d in enumerate(found, 1)]
    if fmt is Format.table:
        for r in rows:
            r["text"] = squash(r["text"])
        emit(rows, fmt, ["n", "participant", "theme", "kind", names[0], names[1], "text"],
             title=f"{len(rows)} disagreement(s) between {names[0]} and {names[1]}",
             empty="no disagreements")
    else:
        emit(rows, fmt, ["n", "participant", "source", "source_title", "theme", "start", "end", "kind",
                         names[0], names[1], "text"])


def settle_cmd(
    number: Annotated[int, typer.Argument(help="The disagreement's number n, as disagreements lists it.")],
    coders: CodersOpt,
    accept: Annotated[str, typer.Option(help="Whose coding to keep: one of the two coders' names, "
                                        "both, or neither.")],
    theme: ThemeOpt = None,
    coder: CoderOpt = None,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Settle a disagreement: record the lead's decision as codings by --coder
    (the lead, or a consensus name), keeping one coder's coding, both (their
    union) or neither. The two coders' own codings are never changed; settling
    the same passage again replaces the lead's earlier decision. Give the same
    --coders and --theme as the disagreements listing the number comes from.

    \b
    Examples:
      vos-coder disagreements --coders ana,ben
      vos-coder settle 3 --coders ana,ben --accept ben --coder lead
      vos-coder agree --coders ana,lead
    """
    names = parse_coders(coders, at_least=2, at_most=2)
    lead = coder or default_actor()
    if lead in names:
        raise InvalidInput(f"settle as a third name (the lead, or consensus), not as {lead}: "
                           "their own codings stay as they are")
    choice = {names[0]: "a", names[1]: "b", "both": "both", "neither": "neither"}.get(accept)
    if choice is None:
        raise InvalidInput(f"--accept {accept!r}: give {names[0]}, {names[1]}, both or neither")
    with project(db) as p:
        found = disagreements(p, names, theme or [])
        if not 1 <= number <= len(found):
            raise InvalidInput(f"no disagreement {number}: there are {len(found)}; "
                               f"see: vos-coder disagreements --coders {coders}")
        d = found[number - 1]
        spans = settle(p, d, choice, lead)
    done = ", ".join(f"{a}:{b}" for a, b in spans) or "no coding"
    typer.echo(f"settled {number} ({d.participant}, {d.theme}): {lead} keeps {done}")


@coders_app.command("list")
def coders_list(db: DbOpt = Path(DEFAULT_DB), fmt: FormatOpt = Format.table) -> None:
    """Every coder with their codings, excerpts, sources and themes.

    Example: vos-coder coders list --format json
    """
    with project(db) as p:
        rows = p.coders()
    emit(rows, fmt, ["coder", "codings", "excerpts", "sources", "themes", "first", "last"],
         title="Coders", empty="nobody has coded yet; code with: vos-coder code ... --coder NAME")


def register(app: typer.Typer) -> None:
    """Add merge, agree, disagreements and the coders group to the app."""
    app.command("merge", help=MERGE_HELP)(merge)
    app.command("agree")(agree)
    app.command("disagreements")(disagreements_cmd)
    app.command("settle")(settle_cmd)
    app.add_typer(coders_app, name="coders")

