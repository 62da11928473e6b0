"""The vos-coder command line: thin commands over the Project service.

Commands load lazily (see cli/_lazy.py; the Typer app itself is built in
cli/_root.py on first use, so that a plain `vos-coder open` starts without
Typer: see cli/launch.py): to add one, name it in ``LAZY`` with
the cli module that registers it (by ``register(app)``, or a module-level
``app`` sub-app added under that name). Keep heavy imports (python-docx,
openpyxl, matplotlib, lxml, textual, exporters) inside the command functions.
"""

from __future__ import annotations

import sys
from typing import Any

# command -> (cli module, its one-line help for `vos-coder --help`, which thus loads
# no module; a test checks each line against the command's own help).
# The order is the order of `vos-coder --help`.
LAZY: dict[str, tuple[str, str]] = {
    "init": ("project",
        "Create a new project file and its key file (readable by you only)."),
    "encrypt": ("encryption",
        "Encrypt a project (and its key file) with a passphrase you choose."),
    "decrypt": ("encryption",
        "Turn an encrypted project (and its key file) back into plain files."),
    "demo": ("project",
        "Build a demo project from the fictional sample transcripts and open it."),
    "import": ("sources",
        "Import transcripts and survey data."),
    "sources": ("sources",
        "List and show the imported sources (transcripts, survey answers)."),
    "code": ("coding",
        "Code a passage with one or more themes, or every row of a file with --from."),
    "uncode": ("coding",
        "Remove codings from a passage."),
    "undo": ("coding",
        "Undo your last coding action (code or uncode)."),
    "redo": ("coding",
        "Redo the coding action you undid last."),
    "query": ("query",
        "The coded passages, with participant, source, offsets, themes and text."),
    "stats": ("stats",
        "Counts per theme and attribute, written as the reports write them: 56% (n=28)."),
    "verify": ("verify",
        "Check every quotation in a report draft against the project's sources."),
    "merge": ("team",
        "Bring another coder's copy of the project into this one."),
    "agree": ("team",
        ("Agreement between coders per theme and overall: percentage agreement, Cohen's "
         "kappa (two coders) and Krippendorff's alpha (nominal, two or more coders), with "
         "the number of units each figure rests on.")),
    "disagreements": ("team",
        ("The passages where two coders applied a theme differently, with both codings "
         "side by side (START:END of each; - where a coder did not code it).")),
    "settle": ("team",
        ("Settle a disagreement: record the lead's decision as codings by --coder (the "
         "lead, or a consensus name), keeping one coder's coding, both (their union) or "
         "neither.")),
    "coders": ("team",
        "The coders of this project and what each has coded."),
    "open": ("tui",
        "Open the coding workbench: read transcripts and tag passages with themes."),
    "identifiers": ("privacy",
        ("Identifier lists (names, places, schools...) kept in the key file, never in the "
         "project.")),
    "check": ("privacy",
        "The disclosure check over everything that can leave the project."),
    "redact": ("privacy",
        ("Replace a name (in all its forms) in a stored source; every coding stays on the "
         "same words and the removed text is scrubbed from the file.")),
    "doctor": ("project",
        ("Check the project file: SQLite's integrity check, the per-theme counts recounted, "
         "and every excerpt's text checked.")),
    "backup": ("privacy",
        "Copy the project with SQLite's online backup API into a new 0600 file."),
    "audit": ("privacy",
        "Show the audit log: who did what, when (never passage text)."),
    "themes": ("themes",
        ("The codebook: list, add, rename, move, merge, delete, describe, export, import "
         "themes; the workbench's quick keys.")),
    "participants": ("participants",
        "Participants: list them, show one, set group and attributes."),
    "qdpx": ("qdpx",
        "REFI-QDA project exchange (.qdpx) with NVivo, ATLAS.ti, MAXQDA, QualCoder..."),
    "export": ("export",
        "Export quotes and tables for reports and analysis software."),
    "quotes": ("quotes",
        ("Curate quotes: list them, approve or exclude them for publication, set the "
         "display text a report prints.")),
    "chart": ("chart",
        ("Charts for reports: bar charts of shares with n labels, a heat map for co-"
         "occurrence.")),
    "memos": ("memos",
        "Memos: write, list, edit and delete notes on themes, passages, sources, participants."),
}


def __getattr__(name: str) -> Any:
    if name == "app":  # built on first use (cli/_root.py)
        from vos_coder.cli._root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    from vos_coder.cli.launch import quick_open

    if quick_open(sys.argv[1:]):
        return
    from vos_coder.cli._root import app

    app()
