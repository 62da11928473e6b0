"""The layers and the promises about packaging, help and docs."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import typer
from typer import _click as click  # Typer 0.29 vendors its own click

from vos_coder.cli import app

REPO = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_core_and_store_load_no_ui():
    out = _run("import sys, vos_coder.core, vos_coder.store, vos_coder.ingest; "
               "print(sorted(m for m in ('textual', 'typer', 'rich') if m in sys.modules))")
    assert out.strip() == "[]"


def test_cli_does_not_load_textual():
    out = _run("import sys, vos_coder.cli; print('textual' in sys.modules)")
    assert out.strip() == "False"


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_carries_schema_codebooks_and_samples(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("vos_coder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "vos_coder/store/schema.sql" in names
    assert "vos_coder/codebooks/vos.yaml" in names
    assert "vos_coder/sample_transcripts/demo_codings.csv" in names
    schema = zipfile.ZipFile(wheel).read("vos_coder/store/schema.sql").decode()
    assert schema == (REPO / "schema.sql").read_text()


def _commands(group, prefix: str = ""):
    ctx = click.Context(group)  # commands load lazily: ask the group, not .commands
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix}{name} ")


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, cmd):
    assert cmd.help, f"{name} has no help"
    if not hasattr(cmd, "commands"):
        assert "Example" in cmd.help, f"`vos-coder {name} --help` shows no example"


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name, cmd):
    readme = (REPO / "README.md").read_text()
    assert f"vos-coder {name}" in readme, f"README does not mention `vos-coder {name}`"
