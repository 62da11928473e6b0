"""`vos-coder init` and `vos-coder demo`: create a project file; `vos-coder doctor`: check one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt
from vos_coder.errors import ProjectError
from vos_coder.store import Project


def init(
    db: DbOpt = Path(DEFAULT_DB),
    study: Annotated[str, typer.Option(help="Study prefix of participant identifiers.")] = "VoS",
    country: Annotated[list[str] | None, typer.Option(
        help="Country code(s) of identifiers (ISO 3166-1 alpha-2); repeat for several. "
        "Default: AL.")] = None,
    codebook: Annotated[str, typer.Option(help="Starter codebook: vos or empty.")] = "vos",
    id_pattern: Annotated[str | None, typer.Option(
        "--id-pattern", metavar="REGEX", help="The regular expression a transcript's file name "
        "(without suffix) must fit whole for import to take the participant from it: its group "
        "named id (else its first group, else the whole match). Default: the identifier "
        "(VoS-AL-04 or VoS-AL-104), alone or followed by _anything or a space and anything.")
    ] = None,
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help="Encrypt the project with a passphrase (asked twice, hidden; or "
        "VOS_CODER_PASSPHRASE).")] = False,
) -> None:
    """Create a new project file and its key file (readable by you only).

    The key file (the project path with .key, mode 0600) holds the identifier
    lists and the secret that keys the disclosure check's ids: the lead keeps
    it; coders get the project file only.

    Examples:

      vos-coder init --db albania.db --country AL --codebook vos

      vos-coder init --db pilot.db --id-pattern "interview-(VoS-AL-\\d+)"
    """
    from vos_coder.core.ids import file_regex
    from vos_coder.privacy.keyfile import create_key

    if id_pattern is not None:
        file_regex(id_pattern)  # a bad pattern: one line, before any file is made

    passphrase = None
    if encrypt:
        from vos_coder.cli._common import use_terminal_prompt
        from vos_coder.store import crypto

        use_terminal_prompt()
        passphrase = crypto.new_passphrase(str(db))
    p = Project.create(db, study=study, countries=tuple(c.upper() for c in country or ["AL"]),
                       codebook=codebook, passphrase=passphrase)
    if id_pattern:
        with p.transaction():
            p.set_setting("id_pattern", id_pattern)
    n = len(p.themes())
    scheme = p.scheme
    p.close()
    key = create_key(db, passphrase)
    kind = "encrypted project " if passphrase else ""
    typer.echo(f"created {kind}{db}: identifiers like {scheme.example()}, {n} themes")
    if id_pattern:
        typer.echo(f"file names must fit {id_pattern} (the participant is its id group, else its first group, else the "
                   "whole match)")
    if key is not None:
        sealed = ", encrypted with the same passphrase" if passphrase else ""
        typer.echo(f"created {key}: the key file (identifier lists{sealed}); keep it, coders get "
                   f"only {db}")
    typer.echo(f"next: vos-coder import --db {db} FILE...")


def demo(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo project.")] = Path("vos-demo.db"),
    no_ui: Annotated[bool, typer.Option("--no-ui", help="Build it and print what to try next.")] = False,
    coder: Annotated[str | None, typer.Option(help="Who is coding in the UI.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild the demo project even if it "
                                        "was changed since it was built.")] = False,
) -> None:
    """Build a demo project from the fictional sample transcripts and open it.

    An earlier demo project at the same path is rebuilt, unless you changed it
    (coded, imported, edited themes...): then only with --force. Any other file
    is left alone.

    Example: vos-coder demo --no-ui
    """
    from vos_coder.demo import build_demo, demo_changed, is_demo_project

    if db.exists():
        if not is_demo_project(db):
            raise ProjectError(f"{db} exists and is not a demo project; choose another --db")
        if not force and demo_changed(db):
            raise ProjectError(f"{db} was changed since it was built; rebuilding it would lose "
                               "that work. Open it with: vos-coder open --db "
                               f"{db}, build another with --db NEW.db, or rebuild with --force")
        from vos_coder.store.holds import open_elsewhere

        reason = open_elsewhere(db)  # a workbench left open on it would go on writing to a deleted file
        if reason:
            raise ProjectError(reason)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    p = build_demo(db)
    n_sources, n_passages = len(p.sources()), len(p.query())
    n_people = len(p.participants())
    p.close()
    typer.echo(f"built {db}: {n_people} participants, {n_sources} sources, {n_passages} coded passages")
    if no_ui:
        for line in DEMO_NEXT:
            typer.echo("  " + line.format(db=db))
        return
    from vos_coder.cli.tui import launch

    launch(db, coder)


DEMO_NEXT = (
    "try next:",
    "vos-coder stats --db {db} --group survivor",
    'vos-coder query --db {db} --theme "Stigma and shame"',
    "vos-coder participants list --db {db}",
    "vos-coder open --db {db}",
)


def doctor(db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Check the project file: SQLite's integrity check, the per-theme counts
    recounted, and every excerpt's text checked.

    The per-theme counts are kept up to date with every change; doctor
    recounts them from the codings and repairs them if they had drifted. An
    excerpt's text is read from its source at its offsets; doctor checks each
    one against the checksum written when it was coded. Exits 1 when the file
    is damaged.

    Example:

      vos-coder doctor --db study.db
    """
    from vos_coder.cli._common import project

    with project(db) as p:
        problems = [r[0] for r in p.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        if problems:
            typer.echo(f"{db}: the file is damaged ({problems[0]}); restore it from a backup", err=True)
            raise typer.Exit(1)
        typer.echo("integrity: ok")
        drift = p.recount_tally()
        typer.echo("theme counts: ok" if not drift else
                   f"theme counts: {drift} row(s) had drifted; recounted from the codings")
        moved = p.excerpt_text_problems()
        if moved:
            shown = ", ".join(map(str, moved[:10])) + (" ..." if len(moved) > 10 else "")
            typer.echo(f"{db}: {len(moved)} excerpt(s) no longer read as coded (excerpt ids "
                       f"{shown}): their source text was changed outside vos-coder; restore the "
                       "file from a backup", err=True)
            raise typer.Exit(1)
        typer.echo("excerpt texts: ok")


def register(app: typer.Typer) -> None:
    app.command()(doctor)
    app.command()(init)
    app.command()(demo)
