"""`vos-coder import` and `vos-coder sources`: bringing transcripts in and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, Format, FormatOpt, emit, err, project, sub_app
from vos_coder.ingest import import_paths

sources_app = sub_app("List and show the imported sources (transcripts, survey answers).")


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files: .txt .md .docx .vtt .srt, or .csv survey data.")],
    participant: Annotated[str | None, typer.Option(
        "--participant", "-p", help="Participant identifier for these files (default: taken from each file name).")] = None,
    group: Annotated[str | None, typer.Option(
        help="Participant group (default: survivor; frontline worker for .csv).")] = None,
    id_column: Annotated[str | None, typer.Option(
        help="Survey CSV: the column holding respondent identifiers (default: the first).")] = None,
    text_columns: Annotated[str | None, typer.Option(
        help="Survey CSV: comma-separated open-answer columns; each answer becomes a source.")] = None,
    pseudonymise: Annotated[bool, typer.Option(
        help="Replace identifiers (key file lists + pattern detectors) before storing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --pseudonymise: apply every replacement "
                                      "without asking.")] = False,
    key: Annotated[Path | None, typer.Option("--key", envvar="VOS_CODER_KEY", help=(
        "Key file with the identifier lists (default: the project path with .key)."))] = None,
    save_mapping: Annotated[bool, typer.Option(help="With --pseudonymise: write placeholder -> "
                                               "original into the key file.")] = False,
    allow_duplicate: Annotated[bool, typer.Option(
        "--allow-duplicate", help="Store a transcript even if the same text is already stored "
        "under another participant (otherwise that file is refused).")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Import transcripts and survey data.

    Each file is one transaction: a bad file is reported and stores nothing, the
    others are imported. The same text imported again for the same participant
    is skipped; text already stored under another participant is an error
    (exit 1) unless --allow-duplicate.

    Examples:

      vos-coder import sample_transcripts/VoS-AL-0*.txt

      vos-coder import notes.docx --participant VoS-AL-04

      vos-coder import survey.csv --id-column respondent --text-columns open_awareness,open_services

      vos-coder import VoS-AL-04.txt --pseudonymise --key study.key
    """
    columns = [c.strip() for c in text_columns.split(",") if c.strip()] if text_columns else None
    transform = None
    if pseudonymise:
        from vos_coder.cli.privacy import make_pseudonymiser

        transform = make_pseudonymiser(db, key, yes, save_mapping)
    with project(db) as p:
        if len(paths) > 3 and (transform is None or yes):
            from rich.progress import Progress

            with Progress(transient=True, console=_stderr_console()) as bar:
                task = bar.add_task("importing", total=len(paths))
                report = import_paths(p, paths, participant, group, id_column, columns, transform,
                                      progress=lambda _path: bar.advance(task),
                                      allow_duplicate=allow_duplicate)
        else:
            report = import_paths(p, paths, participant, group, id_column, columns, transform,
                                  allow_duplicate=allow_duplicate)
        if transform is not None:
            from vos_coder.cli.privacy import finish_pseudonymiser

            finish_pseudonymiser(p, transform)
    for line in report.imported:
        typer.echo(f"imported {line}")
    for line in report.skipped:
        err(f"skipped {line}")
    for line in report.warnings:
        err(f"warning: {line}")
    for line in report.failed:
        err(f"Error: {line}")
    surveys = [x.name for x in paths if x.suffix.lower() == ".csv"]
    if surveys and not columns and not any(line.startswith(tuple(surveys)) for line in report.failed):
        err("note: without --text-columns no open answer becomes a source; to code answers, "
            "import again with --text-columns COLUMN,COLUMN")
    if report.failed:
        err(f"{len(report.failed)} of {len(paths)} file(s) failed; nothing of those was stored")
        raise typer.Exit(1)


def _stderr_console():
    from vos_coder.cli._common import console

    return console(stderr=True)


@sources_app.command("list")
def list_(
    participant: Annotated[str | None, typer.Option(
        "--participant", "-p", help="Only this participant's sources.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """List sources with participant, kind, length and number of excerpts.

    Example: vos-coder sources list --participant VoS-AL-04
    """
    with project(db) as p:
        rows = []
        for s in p.sources(participant):
            rows.append({"id": s.id, "participant": s.participant, "title": s.title, "kind": s.kind,
                         "characters": s.length, "turns": len(p.turns(s.id)),
                         "excerpts": len(p.excerpts(s.id)), "origin": s.origin})
    emit(rows, fmt, title="Sources", empty="no sources yet; import some with: vos-coder import FILE")


@sources_app.command("show")
def show(
    source: Annotated[str, typer.Argument(help="Source id, title, or participant identifier.")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Print a source's text with its offsets per speaker turn.

    Example: vos-coder sources show VoS-AL-04
    """
    with project(db) as p:
        s = p.source(source)
        text = p.source_text(s.id)
        turns = p.turns(s.id)
    if not turns:
        typer.echo(text, nl=False)
        return
    for t in turns:
        stamp = f" {t.timestamp}" if t.timestamp else ""
        typer.echo(f"[{t.n}] {t.start}:{t.end}{stamp}")
        typer.echo(text[t.start:t.end])
        typer.echo("")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.add_typer(sources_app, name="sources")
