"""`vos-coder memos`: notes on excerpts, themes, sources, participants and the project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, project, sub_app
from vos_coder.core.text import squash

app = sub_app("Memos: write, list, edit and delete notes on themes, passages, sources, participants.")

ThemeOn = Annotated[str | None, typer.Option("--theme", "-t", help="On this theme.")]
ParticipantOn = Annotated[str | None, typer.Option("--participant", "-p", help="On this participant.")]
SourceOn = Annotated[str | None, typer.Option("--source", "-s", help="On this source (id or title).")]
ExcerptOn = Annotated[int | None, typer.Option("--excerpt", "-e", help="On this excerpt (id, as query shows).")]
QuoteOn = Annotated[str | None, typer.Option("--quote", "-q", help="On this quote's excerpt, e.g. Q-017.")]
MemoId = Annotated[int, typer.Argument(help="The memo's number, as memos list shows it.")]
COLUMNS = ["id", "on", "target", "author", "updated_at", "text"]
TABLE = ["id", "target", "author", "updated_at", "text"]


def _show(memo, fmt: Format) -> None:
    row = memo.as_dict()
    if fmt is Format.table:
        row["updated_at"] = row["updated_at"][:16].replace("T", " ")
    emit([row], fmt, TABLE if fmt is Format.table else COLUMNS)


@app.command()
def add(
    text: Annotated[str, typer.Argument(help="The memo.")],
    theme: ThemeOn = None,
    participant: ParticipantOn = None,
    source: SourceOn = None,
    excerpt: ExcerptOn = None,
    quote: QuoteOn = None,
    author: Annotated[str | None, typer.Option(envvar="VOS_CODER_CODER",
                                               help="Who writes it (default: your user name).")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Write a memo on one thing (none given: on the project).

    Examples:

      vos-coder memos add "Silence runs through every family story" --theme "Culture of silence"

      vos-coder memos add "Check the timeline with the interviewer" --quote Q-003
    """
    with project(db) as p:
        kind, target_id = p.memo_target(theme, participant, source, excerpt, quote)
        memo = p.add_memo(kind, target_id, text, author)
    _show(memo, fmt)


@app.command("list")
def list_(
    theme: ThemeOn = None,
    participant: ParticipantOn = None,
    source: SourceOn = None,
    excerpt: ExcerptOn = None,
    quote: QuoteOn = None,
    on: Annotated[str | None, typer.Option(
        help="Only memos on: project, theme, participant, source or excerpt.")] = None,
    search: Annotated[str | None, typer.Option(help="Only memos containing these words.")] = None,
    author: Annotated[str | None, typer.Option(help="Only memos by this author.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """List memos, oldest first: every memo, or those on one thing.

    Examples:

      vos-coder memos list

      vos-coder memos list --theme "Culture of silence" --format json
    """
    with project(db) as p:
        if any(x not in (None, "") for x in (theme, participant, source, excerpt, quote)):
            memos = p.memos(*p.memo_target(theme, participant, source, excerpt, quote))
            if search or author:
                keep = {m.id for m in p.memo_list(on, search, author)}
                memos = [m for m in memos if m.id in keep]
        else:
            memos = p.memo_list(on, search, author)
    rows = [m.as_dict() for m in memos]
    if fmt is Format.table:
        for r in rows:
            r["text"] = squash(r["text"])
            r["updated_at"] = r["updated_at"][:16].replace("T", " ")
    emit(rows, fmt, TABLE if fmt is Format.table else COLUMNS, title=f"{len(rows)} memo(s)", empty="no memos match")


@app.command()
def edit(
    memo_id: MemoId,
    text: Annotated[str, typer.Argument(help="The new text.")],
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Replace a memo's text.

    Example: vos-coder memos edit 3 "Silence, and who keeps it"
    """
    with project(db) as p:
        memo = p.edit_memo(memo_id, text)
    _show(memo, fmt)


@app.command()
def delete(memo_id: MemoId, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Delete a memo.

    Example: vos-coder memos delete 3
    """
    with project(db) as p:
        memo = p.delete_memo(memo_id)
    typer.echo(f"deleted memo {memo.id} on {memo.target}")
