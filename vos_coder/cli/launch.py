"""Starting the workbench, and the quick start of `vos-coder open`.

`vos-coder open` is the one command a researcher waits on before working, so
a plain command line (``open``, ``--db FILE``, ``--coder NAME``, each at most
once) starts the workbench without Typer, which would load pydantic and
importlib.metadata to check two options. Anything else (``--help``, a
mistyped option) goes through Typer as usual, which explains it. Errors end the
same way as for every command (cli/_errors.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from vos_coder.errors import ProjectError

DEFAULT_DB = "vos-project.db"  # the same as cli/_common.DEFAULT_DB (a test checks)
_OPTIONS = {"--db": "VOS_CODER_DB", "--coder": "VOS_CODER_CODER"}


def launch(db: Path, coder: str | None = None) -> None:
    """Open ``db`` in the workbench as ``coder`` (default: VOS_CODER_USER or your
    user name). A path that is not a project file raises ProjectError before
    the UI starts. Used by ``open`` and by ``demo``.

    In a terminal, the first frame is drawn before the Project service is
    loaded: the file is looked at first (a missing file, a directory, an
    empty or foreign file is refused here, with no UI), then the workbench
    shows its first screen and opens the project (any other problem: the
    workbench closes and says it in one line, as here). An encrypted project
    without VOS_CODER_PASSPHRASE asks for its passphrase in a dialog first."""
    import gc

    # No cycle collection until the first frame: start-up makes objects that all
    # live on, and collecting them cost 40-120 ms before the first frame. The
    # workbench turns it back on once the frame is up (tui/collector.started).
    gc.disable()
    from vos_coder.store import crypto
    from vos_coder.store.actor import default_actor
    from vos_coder.store.inspection import inspect

    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    kind = inspect(db)  # reads, never writes
    if not terminal:
        from vos_coder.store import Project

        Project.open(db).close()  # a damaged or newer file is said first
        raise ProjectError("the workbench needs a terminal; run it in a terminal window "
                           "(for scripts use query, stats and export)")
    if kind == "encrypted" and not crypto.from_env():
        # The passphrase is asked in a dialog; a wrong one is said there and changes nothing.
        from vos_coder.tui.dialogs.passphrase import ask_and_open

        project = ask_and_open(db)
        if project is None:
            return
        from vos_coder.tui.app import VosApp

        app = VosApp(project, coder or default_actor())
    else:
        from vos_coder.tui.app import VosApp

        app = VosApp.opening(db, coder or default_actor())
    app.run()
    if app.open_error is not None:
        raise app.open_error


def plain_open(argv: Sequence[str]) -> dict[str, str] | None:
    """The options of a plain ``open [--db FILE] [--coder NAME]`` command line
    (with their environment defaults), or None for anything Typer should see."""
    if not argv or argv[0] != "open":
        return None
    given: dict[str, str] = {}
    rest = list(argv[1:])
    while rest:
        word = rest.pop(0)
        name, eq, value = word.partition("=")
        if name not in _OPTIONS or name in given:
            return None
        if not eq:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if not value:
            return None
        given[name] = value
    for name, env in _OPTIONS.items():
        if name not in given and env in os.environ:
            if not os.environ[env]:
                return None  # let Typer decide what an empty variable means
            given[name] = os.environ[env]
    return given


def quick_open(argv: Sequence[str]) -> bool:
    """Run a plain `vos-coder open` without Typer; False when it is not one."""
    options = plain_open(argv)
    if options is None:
        return False
    from vos_coder.cli._errors import report, setup

    setup()
    try:
        launch(Path(options.get("--db", DEFAULT_DB)), options.get("--coder"))
    except BaseException as exc:
        code = report(exc)
        if code is None:
            raise
        raise SystemExit(code) from None
    return True
