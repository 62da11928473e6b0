"""Option values turned into Python values without loading pydantic.

Typer 0.29 coerces every command-line value through a pydantic TypeAdapter
(typer/_adapters.py): the first parameter of a command imports pydantic and
importlib.metadata, and each parameter builds an adapter. That is 80-120 ms
of a 0.3 s `vos-coder query`, for values that are plain words. Our commands
use a handful of plain types (str, bool, int, Path, an Enum of choices, and
lists of those); for these the value is converted here, with Typer's own
choice and path checks (typer/_param_types.py, which need no pydantic).

Anything else, and any value this cannot convert outright (``--limit x``,
a path that must exist and does not, an unknown choice), goes to Typer's own
coercion, which loads pydantic then and gives Typer's usual message: only a
mistake pays for pydantic. A test compares both for every parameter of every
command (tests/cli/test_coercion.py), and the start-up test fails if a read
command loads pydantic, so a Typer release that changes this hook shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass

_INT = re.compile(r"-?[0-9]+\Z")


class _Fallback(Exception):
    """This value is for Typer's own coercion."""


def _leaf(annotation: Any, descriptor: TypeDescriptor) -> Any:
    """A converter for one plain value of ``annotation``, or None when the
    type is not one handled here."""
    info = descriptor.parameter_info
    if info.parser is not None or getattr(info, "clamp", False):
        return None
    if lenient_issubclass(annotation, Enum):
        choices = tuple(annotation)

        def choice(value: Any, ctx: Any, param: Any) -> Any:
            try:
                return coerce_cli_choice(value, choices=choices,
                                         case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                raise _Fallback from None
        return choice
    if annotation is str:
        def string(value: Any, ctx: Any, param: Any) -> Any:
            if not isinstance(value, str):
                raise _Fallback
            return value
        return string
    if annotation is bool:
        def boolean(value: Any, ctx: Any, param: Any) -> Any:
            if not isinstance(value, bool):
                raise _Fallback
            return value
        return boolean
    if annotation is int:
        low, high = info.min, info.max

        def integer(value: Any, ctx: Any, param: Any) -> Any:
            if isinstance(value, bool):
                raise _Fallback
            if isinstance(value, str) and _INT.match(value):
                value = int(value)
            if not isinstance(value, int):
                raise _Fallback
            if (low is not None and value < low) or (high is not None and value > high):
                raise _Fallback
            return value
        return integer
    if annotation is Path and info.path_type is None:
        def path(value: Any, ctx: Any, param: Any) -> Any:
            if isinstance(value, str):
                value = Path(value)
            if not isinstance(value, Path):
                raise _Fallback
            try:
                return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
            except (BadParameter, OSError, ValueError):
                raise _Fallback from None
        return path
    return None


@dataclass(frozen=True, eq=False)
class PlainRuntimeParam(RuntimeParam):
    """Typer's RuntimeParam for the plain types, deferring to Typer's own."""

    convert: Any = None
    many: bool = False
    descriptor: Any = None
    _typer: list = field(default_factory=list)

    def typer_own(self) -> RuntimeParam:
        if not self._typer:
            self._typer.append(build_runtime_param(self.descriptor))
        return self._typer[0]

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            if self.many:
                items = value if isinstance(value, list | tuple) else [value]
                return [self.convert(v, ctx, param) for v in items]
            return self.convert(value, ctx, param)
        except _Fallback:
            return self.typer_own()._coerce_value(value, param=param, ctx=ctx)


def plain_runtime_param(descriptor: TypeDescriptor) -> PlainRuntimeParam | None:
    """The pydantic-free coercion of a parameter, or None to leave it to Typer."""
    if descriptor.file_annotation is not None:
        return None
    annotation, many = descriptor.annotation, False
    if get_origin(annotation) is list:
        args = get_args(annotation)
        if len(args) != 1:
            return None
        annotation, many = args[0], True
    convert = _leaf(annotation, descriptor)
    if convert is None:
        return None
    return PlainRuntimeParam(parameter_info=descriptor.parameter_info,
                             annotation=descriptor.annotation, convert=convert, many=many,
                             descriptor=descriptor)


def install() -> None:
    """Make every Typer parameter build the pydantic-free coercion first.

    Typer builds a parameter's coercion on first use in
    ``_TyperParameter.get_runtime_param`` (typer/core.py); this wraps it, for
    every parameter including the ``--help`` option click adds on the fly.
    Without that method (another Typer) nothing changes: Typer's own runs."""
    from typer.core import _TyperParameter

    own = getattr(_TyperParameter, "get_runtime_param", None)
    if own is None or getattr(own, "_vos_plain", False):
        return

    def get_runtime_param(self: Any) -> RuntimeParam:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = plain_runtime_param(self.type_descriptor)
        if self._runtime_param is None:
            return own(self)
        return self._runtime_param

    get_runtime_param._vos_plain = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
