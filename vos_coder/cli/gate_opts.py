"""The options every command that checks or exports shares: where the key
file is (``--key``, ``VOS_CODER_KEY``), exporting without an identifier list
(``--no-identifier-list``, audited), and overriding flagged hits
(``--allow-flagged``, audited)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from vos_coder.exporters.gate import GateOptions

KeyOpt = Annotated[Path | None, typer.Option(
    "--key", envvar="VOS_CODER_KEY", rich_help_panel="Disclosure check",
    help="The key file with the identifier lists (default: the project path with .key; "
         "or set VOS_CODER_KEY).")]
NoListOpt = Annotated[bool, typer.Option(
    "--no-identifier-list", rich_help_panel="Disclosure check",
    help="Export although the key file cannot be found: only the pattern detectors run "
         "(recorded in the audit log).")]
AllowFlaggedOpt = Annotated[bool, typer.Option(
    "--allow-flagged", rich_help_panel="Disclosure check",
    help="Export even if the disclosure check flags text (recorded in the audit log).")]


def gate_options(key: Path | None, no_identifier_list: bool = False,
                 allow_flagged: bool = False) -> GateOptions:
    from vos_coder.exporters.gate import GateOptions

    return GateOptions(key, no_identifier_list, allow_flagged)
