"""Commands registered on first use, so a command loads only its own module.

`vos-coder query` should not pay for python-docx, openpyxl, matplotlib, lxml
or the exporters that other commands need. The top-level group knows each
command's name and the cli module that defines it (``LAZY`` in
``vos_coder/cli/__init__.py``); the module is imported, and its commands built
by Typer, only when that command is asked for (or when `--help` lists every
command). Commands registered on the app the usual way still work.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer import _click as click  # Typer's own (vendored) click: no second click to import
from typer._click.utils import make_default_short_help
from typer.core import TyperArgument, TyperOption

from vos_coder.cli._common import VosGroup

# module -> the modules whose register() must run before it (they add commands
# to one of its sub-apps: privacy adds `sources edit`).
_BEFORE = {"sources": ("privacy",)}
_groups: dict[str, Any] = {}


def _register(module: str, name: str, tmp: typer.Typer) -> None:
    mod = importlib.import_module(f"vos_coder.cli.{module}")
    register: Callable[[typer.Typer], None] | None = getattr(mod, "register", None)
    if register is not None:
        register(tmp)
    else:
        tmp.add_typer(mod.app, name=name)


def module_group(module: str, name: str) -> Any:
    """The click group of everything ``module`` registers (built once per process)."""
    if module not in _groups:
        for before in _BEFORE.get(module, ()):
            module_group(before, before)
        tmp = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
        _register(module, name, tmp)
        _groups[module] = typer.main.get_group(tmp)
    return _groups[module]


def _word(param: click.Parameter) -> str:
    """The placeholder a person reads: PATH for files, N for numbers, the choices
    of a choice, else the option's own name (``--theme THEME``, ``SOURCE``)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    if desc is not None:
        kind = desc.annotation
        if get_origin(kind) in (list, tuple):
            kind = (get_args(kind) or (str,))[0]
        if desc.is_path or kind is Path:
            return "PATH"
    if desc is not None and desc.annotation in (int, float):
        return "N"
    name = param.name or "value"
    if isinstance(param, TyperOption):
        longest = max(param.opts, key=len)
        name = longest.lstrip("-")
    return name.upper().replace("-", "_")


def word_placeholders(cmd: click.Command) -> None:
    """Help shows words (`PATH...`, `THEME`), not Typer's `{paths}...` or `<list[str]>`.
    An explicit ``metavar=`` is kept. Applied once to every command as it is loaded."""
    if getattr(cmd, "_vos_words", False):
        return
    cmd._vos_words = True  # type: ignore[attr-defined]
    for param in cmd.params:
        if isinstance(param, TyperOption):
            if param.is_flag or param.count:
                continue
            word = param.metavar or _word(param)
            param.display_type_rich = lambda ctx, w=word: w  # type: ignore[method-assign]
        elif isinstance(param, TyperArgument):
            word = param.metavar or _word(param)
            dots = "..." if param.nargs != 1 and not word.endswith("...") else ""
            shown = word + dots
            usage = shown if param.required or param.metavar else f"[{shown}]"
            param._rich_display_name = lambda w=shown: w  # type: ignore[method-assign]
            param._usage_display_name = lambda u=usage: u  # type: ignore[method-assign]
            param.display_type_rich = lambda ctx: ""  # type: ignore[method-assign]
    for sub in getattr(cmd, "commands", {}).values():
        word_placeholders(sub)


class LazyGroup(VosGroup):
    """The top-level group: eager commands first, then ``lazy`` ones by name."""

    lazy: Mapping[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        eager = super().list_commands(ctx)
        return eager + [n for n in self.lazy if n not in eager]

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in self.lazy:
            found = module_group(self.lazy[cmd_name][0], cmd_name).commands.get(cmd_name)
        if found is not None:
            word_placeholders(found)
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from the one-line helps in ``lazy``
        (so listing the commands imports none of their modules)."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy and name not in self.commands:
                rows.append((name, self.lazy[name][1]))
                continue
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(1000)))
        if rows:
            limit = formatter.width - 6 - max(len(n) for n, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(n, make_default_short_help(h, limit))
                                    for n, h in rows])
