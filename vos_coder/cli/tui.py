"""`vos-coder open`: the coding workbench (Textual is imported only when it runs)."""

from __future__ import annotations

from pathlib import Path

from vos_coder.cli._common import DEFAULT_DB, CoderOpt, DbOpt
from vos_coder.cli.launch import launch


def open_(db: DbOpt = Path(DEFAULT_DB), coder: CoderOpt = None) -> None:
    """Open the coding workbench: read transcripts and tag passages with themes.

    Keys: shift+arrows select, 1-9 or c code, u undo, ctrl+y redo, ? lists every key.

    Example: vos-coder open --db albania.db --coder ana
    """
    launch(db, coder)


def register(app) -> None:
    app.command("open")(open_)
