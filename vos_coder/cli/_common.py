"""What every command shares: the --db and --format options, opening the
project, one output sink, and the mapping of errors to one line on stderr."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from vos_coder.core.controls import csv_cell, visible
from vos_coder.errors import ProjectError, VosError

if TYPE_CHECKING:
    from vos_coder.store import Project

DEFAULT_DB = "vos-project.db"


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


DbOpt = Annotated[
    Path,
    typer.Option("--db", envvar="VOS_CODER_DB", help="The project file.", show_default=True,
                 rich_help_panel="Project"),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output: table for people; json, jsonl, csv, md for tools.")
]
CoderOpt = Annotated[
    str | None,
    typer.Option("--coder", envvar="VOS_CODER_CODER", help="Who is coding (default: your user name)."),
]


@contextmanager
def project(db: Path) -> Iterator[Project]:
    """Open the project for one command and close it afterwards."""
    from vos_coder.store import Project

    use_terminal_prompt()
    p = Project.open(db)
    try:
        yield p
    finally:
        p.close()


def _ask_passphrase(what: str, confirm: bool) -> str | None:
    """A hidden prompt on the terminal (None when there is no terminal to ask on)."""
    if not stdin_is_tty():
        return None
    label = f"New passphrase for {what}" if confirm else f"Passphrase for {what}"
    return typer.prompt(label, hide_input=True, confirmation_prompt=confirm, err=True)


def use_terminal_prompt() -> None:
    """Ask for passphrases of encrypted projects with a hidden prompt (once per file)."""
    from vos_coder.store import crypto

    crypto.set_prompt(_ask_passphrase)


def err(message: str) -> None:
    """A diagnostic line on stderr (data goes to stdout)."""
    typer.echo(message, err=True)


# -- inert output ---------------------------------------------------------------
# Transcripts, theme names and file names come from outside: an escape sequence
# in them (OSC 52 clipboard write, a title change, CSI cursor moves) must never
# reach the terminal as one. Every command runs with stdout and stderr wrapped
# in InertStream, which writes control characters out as \u001b (see
# core/controls.py); rich, whose own styling is escape sequences, writes to the
# raw stream through console() and gets user text through text().


class InertStream:
    """A text stream that makes control characters visible on the way out."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, s: str) -> int:
        if isinstance(s, str):
            self.raw.write(visible(s))
            return len(s)
        return self.raw.write(s)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    return stream.raw if isinstance(stream, InertStream) else stream


@contextmanager
def inert_output() -> Iterator[None]:
    """stdout and stderr wrapped in InertStream for the duration."""
    out, errs = sys.stdout, sys.stderr
    sys.stdout = InertStream(out) if not isinstance(out, InertStream) else out
    sys.stderr = InertStream(errs) if not isinstance(errs, InertStream) else errs
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, errs


def console(stderr: bool = False, **kwargs: Any) -> Any:
    """A rich Console on the raw stream (its styling must pass); give it user
    text only through text()."""
    from rich.console import Console

    return Console(file=raw_stream(sys.stderr if stderr else sys.stdout), **kwargs)


def text(value: Any, style: str | None = None) -> Any:
    """User text for rich: never markup, control characters made visible."""
    from rich.text import Text

    return Text(visible(_cell(value)), style=style or "")


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def emit(rows: Sequence[dict], fmt: Format, columns: Sequence[str] | None = None,
         title: str | None = None, empty: str = "nothing to show") -> None:
    """Print rows as a table for people, or as JSON/JSONL/CSV/Markdown for tools."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.json:
        typer.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt is Format.jsonl:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
    elif fmt is Format.csv:  # formula-looking cells neutralised (core/controls.csv_cell)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([csv_cell(c) for c in columns])
        for r in rows:
            w.writerow([csv_cell(_cell(r.get(c))) for c in columns])
        typer.echo(buf.getvalue(), nl=False)
    elif fmt is Format.md:
        typer.echo("| " + " | ".join(columns) + " |")
        typer.echo("|" + "|".join(" --- " for _ in columns) + "|")
        for r in rows:
            cells = [_cell(r.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns]
            typer.echo("| " + " | ".join(cells) + " |")
    else:
        if not rows:
            err(empty)
            return
        from rich.table import Table

        table = Table(title=text(title) if title else None, show_lines=False, header_style="bold")
        for c in columns:
            table.add_column(text(c.replace("_", " ")), overflow="fold")
        for r in rows:
            # text(), never markup: quotes hold [...] and [added words].
            table.add_row(*(text(r.get(c)) for c in columns))
        console(soft_wrap=False).print(table)


def _db_of(argv: Sequence[str]) -> str:
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


class _StderrLog(logging.Handler):
    """Library warnings (``vos_coder.*`` loggers) as ``warning: ...`` lines on
    whatever stderr is current."""

    def emit(self, record: logging.LogRecord) -> None:
        err(f"warning: {record.getMessage()}")


def _setup() -> None:
    logger = logging.getLogger("vos_coder")
    if not any(isinstance(h, _StderrLog) for h in logger.handlers):
        logger.addHandler(_StderrLog(logging.WARNING))
        logger.propagate = False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


class VosGroup(TyperGroup):
    """Turns every VosError into one line on stderr and a non-zero exit; an
    unexpected error becomes one line too (VOS_DEBUG=1 shows the traceback)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Wrapped from the very start, so that click's own messages about the
        # command line (an unknown command named with an escape sequence) are inert.
        with inert_output():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        _setup()
        try:
            with inert_output():
                return super().invoke(ctx)
        except VosError as exc:
            err(f"Error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:
            err("interrupted; nothing half-written was kept")
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
        except BrokenPipeError:
            # The reader went away (`vos-coder query | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if os.environ.get("VOS_DEBUG") or type(exc).__module__.startswith(("typer", "click")):
                raise
            if type(exc).__module__.startswith("sqlcipher3"):
                # A damaged page, a full disk or a lost lock met outside a transaction
                # (checked by module so that start-up never imports the engine).
                from vos_coder.store.connection import storage_error

                err(f"Error: {storage_error(exc, _db_of(sys.argv))}")
                raise typer.Exit(ProjectError.exit_code) from None
            err(f"Error: unexpected {type(exc).__name__}: {exc} (set VOS_DEBUG=1 for a traceback)")
            raise typer.Exit(70) from None


def sub_app(help: str) -> typer.Typer:
    """A command group with the project's conventions."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None,
                       pretty_exceptions_enable=False)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()
