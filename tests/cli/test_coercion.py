"""Option values without pydantic (cli/_coercion.py) mean what Typer's own
coercion makes of them, for every parameter of every command."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest
import typer
from typer import _click as click
from typer._coercion import build_runtime_param

from vos_coder.cli import app
from vos_coder.cli._coercion import PlainRuntimeParam, plain_runtime_param


def _commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if hasattr(cmd, "list_commands"):
            yield from _commands(cmd, (*prefix, name))


def _samples(annotation, tmp_path: Path) -> list:
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    words = ["x", "", "ünï", "-1", "0", "7", "007", "+5", " 5", "5.0", "1_000", "١٢", "abc",
             str(a_file), str(tmp_path), str(tmp_path / "missing" / "b.db"), ".", "-"]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        for member in annotation:
            words += [member, str(member.value), str(member.value).upper()]
    return words + [True, False, None, 3]


def _outcome(runtime, value, param, ctx):
    try:
        return "ok", runtime._coerce_value(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 (whatever Typer raises, the same must come out)
        return type(exc).__name__, exc.format_message() if hasattr(exc, "format_message") else str(exc)


def test_plain_coercion_agrees_with_typer_for_every_parameter(tmp_path):
    group = typer.main.get_command(app)
    seen = set()
    checked = 0
    for path, cmd in _commands(group):
        ctx = click.Context(cmd)
        for param in cmd.params:
            desc = getattr(param, "type_descriptor", None)
            if desc is None:
                continue
            plain = plain_runtime_param(desc)
            own = build_runtime_param(desc)
            assert plain is not None, f"`{' '.join(path)}` {param.name}: {desc.annotation} goes to pydantic"
            seen.add(repr(desc.annotation))
            inner = desc.annotation.__args__[0] if getattr(desc.annotation, "__args__", None) else desc.annotation
            values = _samples(inner, tmp_path)
            if plain.many:
                values = [[v] for v in values] + [values[:3], (), "single"]
            if param.default is not None:
                values.append(param.default)
            for value in values:
                got = _outcome(plain, value, param, ctx)
                want = _outcome(own, value, param, ctx)
                assert got == want, f"`{' '.join(path)}` {param.name}={value!r}: {got} != Typer's {want}"
                checked += 1
    # the kinds of parameter the commands use are all covered
    assert {"<class 'str'>", "<class 'int'>", "<class 'pathlib.Path'>", "<class 'bool'>",
            "list[str]"} <= seen, seen
    assert any("enum" in s for s in seen)
    assert checked > 1000


def test_a_wrong_value_gets_typers_own_message(cli):
    r = cli("stats", "cooccurrence", "--min", "many", ok=False)
    assert r.exit_code == 2
    assert "Invalid value for '--min'" in r.output + r.stderr
    assert "Input should be a valid integer" in r.output + r.stderr
    r = cli("query", "--format", "xml", ok=False)
    assert r.exit_code == 2
    assert "'xml' is not one of" in r.output + r.stderr


def test_the_runtime_params_are_the_plain_ones():
    group = typer.main.get_command(app)
    cmd = group.get_command(click.Context(group), "query")
    runtimes = [p.get_runtime_param() for p in cmd.params]
    assert runtimes and all(isinstance(r, PlainRuntimeParam) for r in runtimes)


@pytest.mark.parametrize("args", [["query", "--theme", "Stigma and shame", "--format", "csv"],
                                  ["themes", "list"], ["stats", "attributes", "--bins", "0,19,30"]])
def test_commands_with_options_run_without_pydantic(demo_path, args):
    code = ("import sys\nfrom vos_coder.cli import main\n"
            f"sys.argv = ['vos-coder', *{[*args, '--db', str(demo_path)]!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('PYDANTIC', 'pydantic' in sys.modules, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()
    assert "PYDANTIC False" in r.stderr
