"""How a command ends badly, without Typer: one line on stderr and an exit
code. Shared by the Typer group (cli/_common.py) and by the quick start of
`vos-coder open` (cli/launch.py), which starts the workbench without loading
Typer (and the pydantic it brings) at all."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from vos_coder.core.controls import visible
from vos_coder.errors import ProjectError, VosError


def err_line(message: str) -> None:
    """A diagnostic line on stderr, control characters made visible."""
    sys.stderr.write(visible(message) + "\n")
    sys.stderr.flush()


def db_of(argv: Sequence[str]) -> str:
    """The --db of the command line that failed, for an error message."""
    for i, a in enumerate(argv):
        if a == "--db" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--db="):
            return a[5:]
    return os.environ.get("VOS_CODER_DB") or "the project file"


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a closing terminal), handled like Ctrl-C so that
    temporary files are removed and transactions rolled back."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


class StderrLog(logging.Handler):
    """Library warnings (``vos_coder.*`` loggers) as ``warning: ...`` lines on
    whatever stderr is current."""

    def emit(self, record: logging.LogRecord) -> None:
        err_line(f"warning: {record.getMessage()}")


def setup() -> None:
    """Warnings to stderr; SIGTERM handled like Ctrl-C."""
    logger = logging.getLogger("vos_coder")
    if not any(isinstance(h, StderrLog) for h in logger.handlers):
        logger.addHandler(StderrLog(logging.WARNING))
        logger.propagate = False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def report(exc: BaseException) -> int | None:
    """Say what went wrong in one line and return the exit code; None when
    the exception should propagate (VOS_DEBUG=1, or the command line parser's own)."""
    if isinstance(exc, VosError):
        err_line(f"Error: {exc}")
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        err_line("interrupted; nothing half-written was kept")
        return 143 if isinstance(exc, Terminated) else 130
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`vos-coder query | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if not isinstance(exc, Exception):
        return None
    if os.environ.get("VOS_DEBUG") or type(exc).__module__.startswith(("typer", "click")):
        return None
    if type(exc).__module__.startswith("sqlcipher3"):
        # A damaged page, a full disk or a lost lock met outside a transaction
        # (checked by module so that start-up never imports the engine).
        from vos_coder.store.connection import storage_error

        err_line(f"Error: {storage_error(exc, db_of(sys.argv))}")
        return ProjectError.exit_code
    err_line(f"Error: unexpected {type(exc).__name__}: {exc} (set VOS_DEBUG=1 for a traceback)")
    return 70
