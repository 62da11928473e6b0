"""What every command shares: the --db and --format options, opening the
project, one output sink, and the mapping of errors to one line on stderr."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from vos_coder.cli._errors import (
    Terminated,  # noqa: F401  (cli/sources.py imports it from here)
    db_of,
    report,
    setup,
)
from vos_coder.core.controls import csv_cell, visible

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


def warn_emptied(source_id: int, counts: dict) -> None:
    """One warning per excerpt an edit left without words: its codings now
    mark one character, which a researcher reviews and, usually, removes."""
    for quote, start, end in counts.get("emptied", ()):
        err(f"warning: every word of {quote} was removed; its codings now mark one character "
            f"({start}:{end}); if they no longer apply: "
            f"vos-coder uncode {source_id} --span {start}:{end}")


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
    """One value as a cell: a list as ``a; b``, a mapping as ``k=v, k2=a; b``
    (never Python's ``{...}``), nothing for None."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
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

        # A table at least as wide as its title: rich would otherwise wrap the
        # title of a narrow table over several lines ("area_served (57 / participants)").
        table = Table(title=text(title) if title else None, show_lines=False, header_style="bold",
                      min_width=len(title) if title else None)
        for c in columns:
            table.add_column(text(c.replace("_", " ")), overflow="fold")
        for r in rows:
            # text(), never markup: quotes hold [...] and [added words].
            table.add_row(*(text(r.get(c)) for c in columns))
        console(soft_wrap=False).print(table)


_db_of = db_of  # older name, kept for callers
_setup = setup


class VosGroup(TyperGroup):
    """Turns every VosError into one line on stderr and a non-zero exit; an
    unexpected error becomes one line too (VOS_DEBUG=1 shows the traceback)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Wrapped from the very start, so that click's own messages about the
        # command line (an unknown command named with an escape sequence) are inert.
        with inert_output():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        setup()
        try:
            with inert_output():
                return super().invoke(ctx)
        except BaseException as exc:
            if isinstance(exc, SystemExit | typer.Exit):
                raise
            code = report(exc)  # one line on stderr (cli/_errors.py)
            if code is None:
                raise
            raise typer.Exit(code) from None


def sub_app(help: str) -> typer.Typer:
    """A command group with the project's conventions."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None,
                       pretty_exceptions_enable=False)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()
