"""The vos-coder command line: thin commands over the Project service."""

from __future__ import annotations

import typer

from vos_coder.cli import coding, participants, project, query, sources, themes
from vos_coder.cli import chart as chart_cli
from vos_coder.cli import export as export_cli
from vos_coder.cli import export_tables as export_tables_cli
from vos_coder.cli import privacy as privacy_cli
from vos_coder.cli import quotes as quotes_cli
from vos_coder.cli import qdpx as qdpx_cli
from vos_coder.cli import team as team_cli
from vos_coder.cli import tui as tui_cli
from vos_coder.cli import verify as verify_cli
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
verify_cli.register(app)
team_cli.register(app)
tui_cli.register(app)
privacy_cli.register(app)
app.add_typer(themes.app, name="themes")
app.add_typer(participants.app, name="participants")
app.add_typer(qdpx_cli.app, name="qdpx")
export_tables_cli.register(export_cli.app)
app.add_typer(export_cli.app, name="export")
app.add_typer(quotes_cli.app, name="quotes")
app.add_typer(chart_cli.app, name="chart")


def main() -> None:
    app()
