"""`vos-coder qdpx`: REFI-QDA projects (.qdpx) in and out, for NVivo, ATLAS.ti,
MAXQDA, QualCoder and other QDA tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, err, project, sub_app
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.errors import InvalidInput
from vos_coder.exporters import declared
from vos_coder.exporters.gate import pre_export
from vos_coder.refi import export_qdpx, import_qdpx
from vos_coder.store import Project

app = sub_app("REFI-QDA project exchange (.qdpx) with NVivo, ATLAS.ti, MAXQDA, QualCoder...")


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="The .qdpx file to write.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    allow_flagged: AllowFlaggedOpt = False,
    positions: Annotated[str, typer.Option(
        help="How selections count the text: codepoints (the REFI-QDA standard; QualCoder, "
             "ATLAS.ti, MAXQDA) or utf16 (UTF-16 code units, as NVivo counts: an emoji is 2).")
    ] = "codepoints",
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
) -> None:
    """Write the whole project as a REFI-QDA .qdpx: coders, codebook, participants
    (cases with their attributes as variables), sources, coded passages and memos.
    Withdrawn participants are left out.

    Example: vos-coder qdpx export --out albania.qdpx

    Example: vos-coder qdpx export --out for-nvivo.qdpx --positions utf16
    """
    positions = positions.strip().lower().replace("-", "")
    if positions not in ("codepoints", "utf16"):
        raise InvalidInput(f"--positions {positions}: choose codepoints or utf16")
    if out.suffix.lower() != ".qdpx":
        raise InvalidInput(f"{out.name}: a REFI-QDA project file ends in .qdpx")
    if out.exists() and not force:
        raise InvalidInput(f"{out} exists; pass --force to overwrite it")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not a folder; create it or choose another --out")
    with project(db) as p:
        pre_export(p, declared.qdpx(p), what="qdpx export",
                   options=gate_options(key, no_identifier_list, allow_flagged))
        summary = export_qdpx(p, out, positions)
    typer.echo(f"wrote {out}: {summary.line()}")


MAX_NOTES = 10  # a re-import notes every source; the first few say what happened


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .qdpx file written by a QDA program.")],
    init: Annotated[bool, typer.Option(
        "--init", help="Create the project file first (empty codebook) if it does not exist.")] = False,
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help="With --init: encrypt the new project with a passphrase (asked twice, "
        "hidden; or VOS_CODER_PASSPHRASE).")] = False,
    skip_invalid: Annotated[bool, typer.Option(
        help="Import what is valid and list every selection or coding skipped, instead of "
             "refusing the whole file.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Import a REFI-QDA .qdpx: text sources, codes as themes (hierarchy kept),
    cases as participants, selections with their codings and coders, notes as
    memos. PDF, picture, audio and video sources are listed and skipped.

    All or nothing: a selection outside its text, reversed or empty, or a coding
    of a missing code or source refuses the whole file with a list of the
    problems, unless --skip-invalid. How the other tool counted positions (code
    points, UTF-16 units, a CRLF as one, a byte-order mark) is found from where
    the selections land, and said; a file where that cannot be told is refused.

    Example: vos-coder qdpx import from-nvivo.qdpx --db study.db

    Example: vos-coder qdpx import from-nvivo.qdpx --init --encrypt --db study.db
    """
    created = False
    if encrypt and not init:
        raise InvalidInput("--encrypt needs --init: it makes a new encrypted project. To encrypt "
                           f"an existing one run: vos-coder encrypt --db {db}")
    if encrypt and db.exists():
        raise InvalidInput(f"{db} exists; --init --encrypt only makes a new project. To encrypt "
                           f"it run: vos-coder encrypt --db {db}. Nothing was changed")
    if init and not db.exists():
        passphrase = None
        if encrypt:
            from vos_coder.cli._common import use_terminal_prompt
            from vos_coder.store import crypto

            use_terminal_prompt()
            passphrase = crypto.new_passphrase(str(db))
        Project.create(db, codebook="empty", passphrase=passphrase).close()
        created = True
    try:
        with project(db) as p:
            summary = import_qdpx(p, file, skip_invalid)
    except BaseException:
        if created:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        raise
    typer.echo(f"imported {file.name}: {summary.line()}")
    for line in summary.conventions[:MAX_NOTES]:
        err(f"positions: {line}")
    if len(summary.conventions) > MAX_NOTES:
        err(f"positions: ... and {len(summary.conventions) - MAX_NOTES} more source(s) "
            "whose positions were not counted in code points")
    for line in summary.skipped:
        err(f"skipped: {line}")
    shown = summary.warnings if len(summary.warnings) <= MAX_NOTES else summary.warnings[:MAX_NOTES - 1]
    for line in shown:
        err(f"note: {line}")
    if len(shown) < len(summary.warnings):
        err(f"note: ... and {len(summary.warnings) - len(shown)} more note(s) like these")
