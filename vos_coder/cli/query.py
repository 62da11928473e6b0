"""`vos-coder query`: the coded passages behind every number."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, project
from vos_coder.core.text import squash
from vos_coder.store.queries import check_status, parse_where

ThemeFilter = Annotated[list[str] | None, typer.Option(
    "--theme", "-t", help="Theme (with its sub-themes); repeat for any of several.")]
ParticipantFilter = Annotated[list[str] | None, typer.Option(
    "--participant", "-p", help="Participant identifier; repeat for several.")]
GroupFilter = Annotated[str | None, typer.Option(help="Participant group, e.g. survivor.")]
WhereFilter = Annotated[list[str] | None, typer.Option(
    help="Participant attribute ATTR=VALUE; repeat to require several.")]


def query(
    theme: ThemeFilter = None,
    participant: ParticipantFilter = None,
    group: GroupFilter = None,
    where: WhereFilter = None,
    search: Annotated[str | None, typer.Option(help="Only passages containing this text.")] = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder's codings.")] = None,
    all_themes: Annotated[bool, typer.Option("--all", help="Passages coded with every --theme given.")] = False,
    status: Annotated[str | None, typer.Option(
        help="Only passages whose quote is: candidate, approved or excluded.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """The coded passages, with participant, source, offsets, themes and text.

    Examples:

      vos-coder query --theme "Stigma and shame"

      vos-coder query -t "Culture of silence" --where town_type=rural --format json

      vos-coder query --participant VoS-AL-04 --search school --format csv
    """
    with project(db) as p:
        p.check_coder(coder)
        passages = p.query(theme or [], participant or [], group, parse_where(where or []),
                           search, coder, all_themes, check_status(status))
    rows = [x.as_dict() for x in passages]
    if fmt is Format.table:
        for r in rows:
            r["text"] = squash(r["text"])
            r["memos"] = "\n".join(squash(f"{m['author']}: {m['text']}") for m in r["memos"])
        memos = ["memos"] if any(r["memos"] for r in rows) else []  # a column only when there are some
        emit(rows, fmt, ["participant", "source", "start", "end", "themes", "text", *memos],
             title=f"{len(rows)} passage(s)", empty="no passages match")
    else:
        if fmt is not Format.json and fmt is not Format.jsonl:
            for r in rows:
                r["memos"] = [f"{m['author']}: {m['text']}" for m in r["memos"]]
        emit(rows, fmt, ["participant", "group", "source", "source_title", "start", "end", "themes",
                         "coders", "quote", "status", "text", "memos"])


def register(app: typer.Typer) -> None:
    app.command()(query)
