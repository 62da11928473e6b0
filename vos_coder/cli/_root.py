"""The Typer app of `vos-coder` (built when a command other than a plain
`open` runs; the commands themselves load lazily, see cli/_lazy.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from vos_coder.cli import LAZY, _coercion
from vos_coder.cli._lazy import LazyGroup

_coercion.install()  # plain option values without pydantic (cli/_coercion.py)


class _Root(LazyGroup):
    lazy = LAZY


app = typer.Typer(
    name="vos-coder",
    cls=_Root,
    help="Code qualitative interview data: import transcripts, tag passages with themes, "
    "query passages and counts, export quotes for reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from vos_coder.store.migrations import SCHEMA_VERSION

        try:
            v = version("vos-coder")
        except PackageNotFoundError:
            v = "unknown (not installed)"
        typer.echo(f"vos-coder {v} (project schema {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version, help="Show the version and the project schema version.",
)] = False) -> None:
    """Code qualitative interview data: import transcripts, tag passages with themes,
    query passages and counts, export quotes for reports."""
