"""`vos-coder participants`: who is in the project, their groups and attributes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, err, project, sub_app
from vos_coder.errors import InvalidInput
from vos_coder.store.queries import parse_where

app = sub_app("Participants: list them, show one, set group and attributes.")


def _row(p, x) -> dict:
    sources = p.sources(x.pid, include_withdrawn=True)
    return {"participant": x.pid, "group": x.group, "consent": x.consent, "sources": len(sources),
            "attributes": {k: (v[0] if len(v) == 1 else v) for k, v in x.attributes.items()}}


@app.command("list")
def list_(
    group: Annotated[str | None, typer.Option(help="Only this group.")] = None,
    withdrawn: Annotated[bool, typer.Option(help="Include withdrawn participants.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """List participants with group, consent, sources and attributes.

    Example: vos-coder participants list --group survivor --format json
    """
    with project(db) as p:
        rows = [_row(p, x) for x in p.participants(group, include_withdrawn=withdrawn)]
    columns = ["participant", "group", "consent", "sources", "attributes"]
    if fmt in (Format.csv, Format.md):  # one column per attribute, as a spreadsheet wants
        columns = columns[:-1]
        names = sorted({n for r in rows for n in r["attributes"]})
        heads = {n: f"attr_{n}" if n in columns else n for n in names}
        for r in rows:
            attributes = r.pop("attributes")
            r.update({heads[n]: attributes.get(n) for n in names})
        columns += heads.values()
    emit(rows, fmt, columns, title="Participants", empty="no participants yet")


@app.command()
def show(
    participant: Annotated[str, typer.Argument(help="Participant identifier, e.g. VoS-AL-04.")],
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """One participant: group, attributes, sources, and coded themes.

    Example: vos-coder participants show VoS-AL-04
    """
    with project(db) as p:
        x = p.participant(participant)
        row = _row(p, x)
        row["source_ids"] = [s.id for s in p.sources(x.pid, include_withdrawn=True)]
        counts: dict[str, int] = {}
        if x.consent == "active":
            for passage in p.query(participants=[x.pid]):
                for t in passage.themes:
                    counts[t] = counts.get(t, 0) + 1
        row["themes"] = counts
    if fmt is not Format.table:
        emit([row], fmt)
        return
    typer.echo(f"{x.pid}  group: {x.group}  consent: {x.consent}")
    for k, v in x.attributes.items():
        typer.echo(f"  {k}: {'; '.join(v)}")
    typer.echo(f"  source ids: {', '.join(map(str, row['source_ids'])) or 'none'}")
    if counts:
        typer.echo("  coded passages per theme:")
    for t, n in counts.items():
        typer.echo(f"  {n:3d}  {t}")


@app.command("set")
def set_(
    participant: Annotated[str, typer.Argument(help="Participant identifier.")],
    attribute: Annotated[list[str] | None, typer.Argument(
        help="ATTR=VALUE pairs; ATTR= removes the attribute; ATTR=a;b sets several values.")] = None,
    group: Annotated[str | None, typer.Option(help="Move the participant to this (existing) group.")] = None,
    new_group: Annotated[bool, typer.Option(
        "--new-group", help="Create the --group if the project has no such group yet.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Set a participant's attributes or group, in one transaction.

    Example: vos-coder participants set VoS-AL-04 age=19 town_type="small town"
    """
    if not attribute and not group:
        raise InvalidInput("give ATTR=VALUE pairs or --group")
    pairs = parse_where(attribute or [], what="attribute")
    with project(db) as p, p.transaction():
        if group:
            p.set_participant_group(participant, group, create=new_group)
        values = {k: [v.strip() for v in val.split(";") if v.strip()] for k, val in pairs.items()}
        x = p.set_attributes(participant, values)
    typer.echo(f"{x.pid} ({x.group}): " + ", ".join(f"{k}={'; '.join(v)}" for k, v in x.attributes.items()))


@app.command()
def withdraw(
    participant: Annotated[str, typer.Argument(help="Participant identifier, e.g. VoS-AL-04.")],
    purge: Annotated[bool, typer.Option(
        help="Also delete everything of theirs for good and scrub the project files.")] = False,
    key: Annotated[Path | None, typer.Option("--key", envvar="VOS_CODER_KEY", help=(
        "With --purge: the key file to remove their identifiers and mapping from "
        "(default: the project path with .key)."))] = None,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Withdraw a participant's consent: from now on in no query, stat, export or chart.
    With --purge their sources, excerpts, codings, memos, attributes and undo history
    are deleted, no byte of their text stays in the project file, its -wal or -shm,
    their identifiers and placeholder mapping leave the key file, the file names they
    were imported under leave the audit log (which keeps the identifier, time and
    counts), and a group only they were in goes. Then the exports and backups made
    while they were in the project are listed, to be destroyed.

    If a step cannot finish (a full disk), the message says what is done and what
    is not; the same command again finishes it.

    Example: vos-coder participants withdraw VoS-AL-04 --purge
    """
    with project(db) as p:
        if purge:
            from vos_coder.privacy.keyfile import resolve_key_path
            from vos_coder.privacy.withdrawal import purge_participant

            key_path = resolve_key_path(db, key)
            report = purge_participant(p, participant, key_path if key_path.exists() else None)
            counts = {k: v for k, v in report.counts.items()
                      if k not in ("audit rows cleaned", "groups") or v}
            typer.echo(f"{report.participant}: withdrawn and purged (" +
                       ", ".join(f"{v} {k}" for k, v in counts.items()) + ")")
            if not key_path.exists():
                typer.echo(f"key file: none at {key_path} (pass --key if it is elsewhere)")
            else:
                kc = report.key_counts
                typer.echo(f"key file {key_path}: {kc.get('identifiers', 0)} identifier(s) and "
                           f"{kc.get('mapping entries', 0)} mapping entr(y/ies) removed")
                if kc.get("unattributed"):
                    err(f"warning: {kc['unattributed']} mapping entr(y/ies) in the key file were "
                        "saved before vos-coder recorded whose they are and are shared with "
                        "other participants; check them by hand")
            if report.copies:
                typer.echo(f"Copies made while {report.participant} was in the project may hold "
                           "their words; destroy them:")
                for c in report.copies:
                    where = c["path"] if c["folder_known"] else f"{c['path']} (folder not recorded)"
                    typer.echo(f"  {c['at']}  {c['what']:<16} {where}")
            else:
                typer.echo("The audit log records no export or backup made while "
                           f"{report.participant} was in the project.")
        else:
            p.withdraw(participant)
            typer.echo(f"{participant}: withdrawn (add --purge to delete their text for good)")
