"""`vos-coder import` and `vos-coder sources`: bringing transcripts in and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import (
    DEFAULT_DB,
    DbOpt,
    Format,
    FormatOpt,
    emit,
    err,
    project,
    sub_app,
    warn_emptied,
)
from vos_coder.errors import ImportFailed

sources_app = sub_app("List and show the imported sources (transcripts, survey answers).")


def import_(
    paths: Annotated[list[Path], typer.Argument(
        help="Files (.txt .md .docx .vtt .srt, or .csv survey data) and folders of transcripts.")],
    participant: Annotated[str | None, typer.Option(
        "--participant", "-p", help="Participant identifier for these files (default: taken from each file name).")] = None,
    participant_from: Annotated[str | None, typer.Option(
        "--participant-from", metavar="REGEX", help="For this import: the regular expression a "
        "file name (without suffix) fits whole, the participant being its group named id "
        "(default: the project's pattern, see init --id-pattern).")] = None,
    group: Annotated[str | None, typer.Option(
        help="Participant group (default: survivor; frontline worker for .csv).")] = None,
    id_column: Annotated[str | None, typer.Option(
        help="Survey CSV: the column holding respondent identifiers (default: the first).")] = None,
    text_columns: Annotated[str | None, typer.Option(
        help="Survey CSV: comma-separated open-answer columns; each answer becomes a source.")] = None,
    recursive: Annotated[bool, typer.Option(
        "--recursive/--no-recursive", help="A folder: take the transcripts in its subfolders "
        "too.")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="A line per file (imported, "
                                          "skipped), not only the summary.")] = False,
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
    is skipped as already present; text already stored under another
    participant is an error (exit 1) unless --allow-duplicate.

    The participant comes from each file name, which must fit the project's
    pattern (by default VoS-AL-04 or VoS-AL-104, alone or followed by
    _anything or a space and anything), or from --participant-from REGEX.

    A folder brings in the transcripts in it and its subfolders (.txt .md .docx
    .vtt .srt), in name order; hidden files, ~$ lock files and other types are
    passed over; a survey .csv is imported only when named.

    It ends with one line: imported N, skipped M as already present, failed K,
    with the reasons grouped; -v adds a line per file. On a terminal a large
    import shows a progress bar. Ctrl-C stops after the file in hand and says
    how many were stored: run the same command again to import the rest.

    Examples:

      vos-coder import sample_transcripts/VoS-AL-0*.txt

      vos-coder import interviews/

      vos-coder import notes.docx --participant VoS-AL-04

      vos-coder import survey.csv --id-column respondent --text-columns open_awareness,open_services

      vos-coder import VoS-AL-04.txt --pseudonymise --key study.key
    """
    from vos_coder.cli._bulk import progress_bar, stop_between_items
    from vos_coder.core.ids import file_regex
    from vos_coder.ingest import expand_paths, import_paths

    if participant_from:
        file_regex(participant_from, "--participant-from")
    columns = [c.strip() for c in text_columns.split(",") if c.strip()] if text_columns else None
    expanded = expand_paths(paths, recursive)
    files = expanded.files
    if not files:
        raise ImportFailed(f"nothing to import: no transcript (.txt .md .docx .vtt .srt) in "
                           f"{', '.join(str(x) for x in paths)}")
    transform = None
    if pseudonymise:
        from vos_coder.cli.privacy import make_pseudonymiser

        transform = make_pseudonymiser(db, key, yes, save_mapping)

    def on_file(kind: str, line: str, survey: bool = False) -> None:
        if kind == "imported" and (verbose or survey):  # a survey's line is its answer count
            typer.echo(f"imported {line}")
        elif kind == "skipped" and verbose:
            err(f"skipped {line}")

    with project(db) as p:
        asks = transform is not None and not yes  # questions on the terminal: no bar over them
        with stop_between_items() as stop, progress_bar(0 if asks else len(files), "importing") as advance:
            report = import_paths(p, files, participant, group, id_column, columns, transform,
                                  progress=lambda _path: advance(1), allow_duplicate=allow_duplicate,
                                  participant_from=participant_from, stop=stop, on_file=on_file)
        if transform is not None:
            from vos_coder.cli.privacy import finish_pseudonymiser

            finish_pseudonymiser(p, transform)
    _report(report, paths, files, expanded.passed_over, columns)


def _report(report, paths: list[Path], files: list[Path], passed_over: int,
            columns: list[str] | None) -> None:
    from vos_coder.cli._common import Terminated

    for line in report.warnings:
        err(f"warning: {line}")
    for reason, names in report.grouped_failures():
        if len(names) == 1:
            err(f"Error: {names[0]}: {reason}")
        else:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            err(f"Error: {len(names)} files: {reason} ({shown})")
    summary = report.summary()
    if passed_over:
        summary += f"; passed over {passed_over} other file(s) in the folder(s)"
    typer.echo(summary)
    surveys = [x.name for x in files if x.suffix.lower() == ".csv"]
    failed = {name for name, _reason in report.reasons}
    if (surveys and not columns and not report.kept_columns and not failed.intersection(surveys)
            and not report.interrupted):
        err("note: without --text-columns no open answer becomes a source; to code answers, "
            "import again with --text-columns COLUMN,COLUMN")
    if report.interrupted:
        stored = len(report.imported)
        err(f"interrupted after {report.done} of {len(files)} file(s): {stored} stored, "
            f"{len(files) - report.done} not tried, nothing half-written kept; run the same "
            "command again to import the rest (what is stored is skipped)")
        raise typer.Exit(143 if isinstance(report.interrupted, Terminated) else 130)
    if report.failed:
        err(f"{len(report.failed)} of {len(files)} file(s) failed; nothing of those was stored")
        raise typer.Exit(1)


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


@sources_app.command("edit")
def sources_edit(
    source: Annotated[str, typer.Argument(help="Source id, title, or participant identifier.")],
    file: Annotated[Path, typer.Option("--file", help="The corrected transcript (UTF-8 text).")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Replace a source's text with a corrected version; codings move with the words.

    Example: vos-coder sources edit 3 --file VoS-AL-04-corrected.txt
    """
    from vos_coder.importers.decode import decode, read_bytes

    new, warnings = decode(read_bytes(file, "give the corrected transcript file"), file.name)
    for line in warnings:
        err(f"warning: {line}")
    with project(db) as p:
        s = p.source(source)
        counts = p.replace_source_text(s.id, new)
    typer.echo(f"source {s.id}: {counts['replacements']} change(s); "
               f"{counts['excerpts moved']} excerpt(s) re-anchored, "
               f"{counts['display texts cleared']} display text(s) cleared")
    warn_emptied(s.id, counts)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.add_typer(sources_app, name="sources")
