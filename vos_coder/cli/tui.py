"""`vos-coder open`: the coding workbench (Textual is imported only when it runs)."""

from __future__ import annotations

from pathlib import Path

from vos_coder.cli._common import DEFAULT_DB, CoderOpt, DbOpt
from vos_coder.errors import ProjectError


def launch(db: Path, coder: str | None = None) -> None:
    """Open ``db`` in the workbench as ``coder`` (default: VOS_CODER_USER or your
    user name). A project that cannot be opened raises ProjectError before the
    UI starts. Used by ``open`` and by ``demo``."""
    import sys

    from vos_coder.store import Project, crypto
    from vos_coder.store._base import default_actor
    from vos_coder.store.connection import inspect

    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if inspect(db) == "encrypted" and not crypto.from_env() and terminal:
        # The passphrase is asked in a dialog; a wrong one is said there and changes nothing.
        from vos_coder.tui.dialogs.passphrase import ask_and_open

        project = ask_and_open(db)
        if project is None:
            return
    else:
        project = Project.open(db)  # a missing, damaged or newer file fails here, before any UI
    if not terminal:
        project.close()
        raise ProjectError("the workbench needs a terminal; run it in a terminal window "
                           "(for scripts use query, stats and export)")
    from vos_coder.tui.app import VosApp

    VosApp(project, coder or default_actor()).run()


def open_(db: DbOpt = Path(DEFAULT_DB), coder: CoderOpt = None) -> None:
    """Open the coding workbench: read transcripts and tag passages with themes.

    Keys: shift+arrows select, 1-9 or c code, u undo, ctrl+y redo, ? lists every key.

    Example: vos-coder open --db albania.db --coder ana
    """
    launch(db, coder)


def register(app) -> None:
    app.command("open")(open_)
