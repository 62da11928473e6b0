"""Commands registered on first use, so a command loads only its own module.

`vos-coder query` should not pay for python-docx, openpyxl, matplotlib, lxml
or the exporters that other commands need. The top-level group knows each
command's name and the cli module that defines it (``LAZY`` in
``vos_coder/cli/__init__.py``); the module is imported, and its commands built
by Typer, only when that command is asked for (or when `--help` lists every
command). Commands registered on the app the usual way still work.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer import _click as click  # Typer's own (vendored) click: no second click to import
from typer._click.utils import make_default_short_help
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder

from vos_coder.cli._common import VosGroup

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
        tmp = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
        _register(module, name, tmp)
        _defer_sub_commands(tmp)
        _groups[module] = typer.main.get_group(tmp)
    return _groups[module]


class LazySubGroup(TyperGroup):
    """A command group (``themes``, ``stats``...) that builds a command from its
    function only when it is asked for: `themes list` builds one command, not
    the eleven of the codebook. Listing them (help, a mistyped name) builds all."""

    pending: dict[str, Any]
    make: Callable[[Any], Any]

    def _build(self, name: str) -> None:
        info = self.pending.pop(name, None)
        if info is not None:
            self.commands[name] = self.make(info)

    def _build_all(self) -> None:
        order = list(self.pending) + [n for n in self.commands if n not in self.pending]
        for name in list(self.pending):
            self._build(name)
        self.commands = {n: self.commands[n] for n in order}

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._build_all()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        self._build(cmd_name)
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            word_placeholders(found)
        return found

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.pending and args[0] not in self.commands:
            self._build_all()  # a mistyped name: Typer suggests from every command
        return super().resolve_command(ctx, args)


def _defer_sub_commands(app: typer.Typer) -> None:
    """Let each plain sub-app of ``app`` build its commands on first use
    (a LazySubGroup); the sub-app objects themselves are left unchanged."""
    for info in app.registered_groups:
        sub = info.typer_instance
        if sub is None or not sub.registered_commands or not isinstance(info.cls, DefaultPlaceholder) \
                or not isinstance(sub.info.cls, DefaultPlaceholder):
            continue  # a group with its own class is built as Typer builds it
        infos = {i.name or typer.main.get_command_name(i.callback.__name__): i
                 for i in sub.registered_commands if i.callback is not None}
        shell = copy.copy(sub)
        shell.registered_commands = []
        shell.registered_groups = list(sub.registered_groups)

        def make(command_info: Any, app: typer.Typer = app) -> Any:
            return typer.main.get_command_from_info(
                command_info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)

        info.typer_instance = shell
        info.cls = type("LazySubGroup", (LazySubGroup,), {"pending": infos, "make": staticmethod(make)})
        _defer_sub_commands(shell)


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

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """A mistyped command gets Typer's "Did you mean" from every command
        (Typer looks only at those already built)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as exc:
            if args and exc.message.startswith("No such command") and "Did you mean" not in exc.message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    exc.message = (exc.message.rstrip(".") + ". Did you mean "
                                   + ", ".join(repr(m) for m in matches) + "?")
            raise

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
