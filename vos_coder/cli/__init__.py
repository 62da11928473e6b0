"""The vos-coder command line: thin commands over the Project service."""

from __future__ import annotations

import typer

from vos_coder.cli import coding, participants, project, query, sources, themes
from vos_coder.cli._common import VosGroup

app = typer.Typer(
    name="vos-coder",
    cls=VosGroup,
    help="Code qualitative interview data: import transcripts, tag passages with themes, "
    "query passages and counts, export quotes for reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

project.register(app)
sources.register(app)
coding.register(app)
query.register(app)
app.add_typer(themes.app, name="themes")
app.add_typer(participants.app, name="participants")


def main() -> None:
    app()
