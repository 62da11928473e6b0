"""`vos-coder code` and `uncode`: tag and untag passages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, CoderOpt, DbOpt, project
from vos_coder.errors import InvalidInput
from vos_coder.store.coding import parse_span

SourceArg = Annotated[str, typer.Argument(
    help="Source id, title, or participant identifier (with --match, all of their sources are searched).")]
FromOpt = Annotated[Path | None, typer.Option(
    "--from", metavar="FILE", help="Code every row of a CSV or JSON Lines file (columns: source, "
    "start and end or match, themes, coder, memo: what query --format csv/jsonl writes), "
    "all or nothing, as one undo step.")]
SpanOpt = Annotated[str | None, typer.Option(help="START:END in characters (see: vos-coder sources show).")]
MatchOpt = Annotated[str | None, typer.Option(help="The passage's text; found exactly, then ignoring whitespace.")]


def _span(p, source: str, span: str | None, match: str | None) -> tuple[int, int, int]:
    """(source id, start, end) of the passage: --span in ``source``, or --match
    searched in ``source`` (all of a participant's sources when it names one)."""
    if (span is None) == (match is None):
        raise InvalidInput("give either --span START:END or --match TEXT")
    if span is not None:
        start, end = parse_span(span)
        return p.source(source).id, start, end
    src, start, end = p.locate(source, match or "")
    return src.id, start, end


def code(source: Annotated[str | None, typer.Argument(
             help="Source id, title, or participant identifier (with --match, all of their "
             "sources are searched).")] = None,
         theme: Annotated[list[str] | None, typer.Option(
             "--theme", "-t", help="Theme path or unique name; repeat for several.")] = None,
         span: SpanOpt = None, match: MatchOpt = None,
         coder: CoderOpt = None, from_: FromOpt = None, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Code a passage with one or more themes, or every row of a file with --from.

    Examples:

      vos-coder code VoS-AL-04 --theme "Culture of silence" --match "I told nobody at school"

      vos-coder code 3 --span 120:245 -t "Stigma of seeking help" -t "Availability by location"

      vos-coder code --from codings.csv

    A --from file is checked row by row first; if any row is bad, nothing is
    coded and the bad rows are listed by line number. --coder is who ran it
    (and whose `vos-coder undo` removes the batch); a row's coder column says
    whose coding it is.
    """
    if from_ is not None:
        if source or theme or span or match:
            raise InvalidInput("--from FILE codes the rows of the file; leave out SOURCE, "
                               "--theme, --span and --match")
        _code_from(from_, coder, db)
        return
    if source is None:
        raise InvalidInput("give the SOURCE to code (a source id, title or participant), "
                           "or --from FILE")
    if not theme:
        raise InvalidInput("give at least one --theme (see: vos-coder themes list)")
    with project(db) as p:
        sid, start, end = _span(p, source, span, match)
        made = p.code(sid, start, end, theme, coder)
        who = p.source(sid).participant
        names = ", ".join(p.theme(c.theme_id).path for c in made)
    typer.echo(f"coded {who} {start}:{end} with {names}" if made else
               f"already coded: {who} {start}:{end}")


def _code_from(path: Path, coder: str | None, db: Path) -> None:
    from vos_coder.core.batch import bad_rows_message
    from vos_coder.importers.codings import read_coding_rows

    rows, bad, total = read_coding_rows(path)
    with project(db) as p:
        plan, unresolved = p.plan_codings(rows, coder)
        bad += unresolved
        if bad:
            raise InvalidInput(bad_rows_message(path.name, bad, total))
        done = p.apply_codings(plan, coder, label=path.name)
    memos = f", {done.memos:,} memo(s)" if done.memos else ""
    typer.echo(f"coded {done.rows:,} row(s) from {path.name}: {done.added:,} coding(s) added, "
               f"{done.present:,} already present{memos}"
               + (" (undo all of them with: vos-coder undo)" if done.added else ""))


def uncode(source: SourceArg, theme: Annotated[list[str] | None, typer.Option(
               "--theme", "-t", help="Only these themes (default: every theme on the span).")] = None,
           span: SpanOpt = None, match: MatchOpt = None,
           coder: Annotated[str | None, typer.Option(help="Only this coder's codings.")] = None,
           db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Remove codings from a passage.

    Example: vos-coder uncode VoS-AL-04 --match "I told nobody at school" --theme "Culture of silence"
    """
    with project(db) as p:
        sid, start, end = _span(p, source, span, match)
        codings = []
        for t in theme or [None]:
            codings += p.codings_at(sid, start, end, t, coder)
        if not codings:
            raise InvalidInput(f"no coding at {start}:{end} matches; see: vos-coder query --participant ...")
        n = p.uncode([c.id for c in codings], coder)
    typer.echo(f"removed {n} coding(s) at {start}:{end}")


def undo(coder: CoderOpt = None, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Undo your last coding action (code or uncode).

    Anywhere in the project; it says what changed, e.g. "undid: removed
    Culture of silence from 1763:1831 in VoS-AL-01".

    Example: vos-coder undo --coder ana
    """
    with project(db) as p:
        done = p.undo(coder)
    typer.echo(f"undid: {done['description']}" if done else "nothing to undo")


def redo(coder: CoderOpt = None, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Redo the coding action you undid last.

    Example: vos-coder redo --coder ana
    """
    with project(db) as p:
        done = p.redo(coder)
    typer.echo(f"redid: {done['description']}" if done else "nothing to redo")


def register(app: typer.Typer) -> None:
    for fn in (code, uncode, undo, redo):
        app.command()(fn)
