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
ThemesOpt = Annotated[list[str], typer.Option("--theme", "-t", help="Theme path or unique name; repeat for several.")]
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


def code(source: SourceArg, theme: ThemesOpt, span: SpanOpt = None, match: MatchOpt = None,
         coder: CoderOpt = None, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Code a passage with one or more themes.

    Examples:

      vos-coder code VoS-AL-04 --theme "Culture of silence" --match "I told nobody at school"

      vos-coder code 3 --span 120:245 -t "Stigma of seeking help" -t "Availability by location"
    """
    with project(db) as p:
        sid, start, end = _span(p, source, span, match)
        made = p.code(sid, start, end, theme, coder)
        who = p.source(sid).participant
        names = ", ".join(p.theme(c.theme_id).path for c in made)
    typer.echo(f"coded {who} {start}:{end} with {names}" if made else
               f"already coded: {who} {start}:{end}")


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

    Example: vos-coder undo --coder ana
    """
    with project(db) as p:
        done = p.undo(coder)
    typer.echo(f"undid {done['action']} of {len(done['payload'])} coding(s)" if done else "nothing to undo")


def redo(coder: CoderOpt = None, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Redo the coding action you undid last.

    Example: vos-coder redo --coder ana
    """
    with project(db) as p:
        done = p.redo(coder)
    typer.echo(f"redid {done['action']} of {len(done['payload'])} coding(s)" if done else "nothing to redo")


def register(app: typer.Typer) -> None:
    for fn in (code, uncode, undo, redo):
        app.command()(fn)
