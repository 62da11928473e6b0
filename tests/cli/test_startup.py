"""Start-up: each command loads only what it uses (issue 18, item 1).

Times are measured by benchmarks/bench_cli.py, never here; these tests pin
what makes the commands fast: which modules a command process loads."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer import _click as click  # Typer 0.29 vendors its own click

from vos_coder.cli import LAZY, app

HEAVY = ("docx", "openpyxl", "matplotlib", "textual", "lxml", "sqlite_utils", "numpy", "yaml",
         "pydantic")  # Typer 0.29 loads pydantic to check option values: cli/_coercion.py


def _loaded_after(args: list[str]) -> tuple[set[str], str]:
    """The HEAVY modules loaded by a whole `vos-coder ARGS` process, and its stdout."""
    code = (
        "import sys\n"
        "from vos_coder.cli import main\n"
        f"sys.argv = ['vos-coder', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stderr.splitlines() if x.startswith("LOADED"))
    return set(eval(line.split(" ", 1)[1])), r.stdout


@pytest.mark.parametrize("args", [["query"], ["stats"], ["stats", "themes"], ["themes", "list"],
                                  ["query", "--format", "json"]])
def test_read_commands_load_no_heavy_library(demo_path, args):
    loaded, out = _loaded_after([*args, "--db", str(demo_path)])
    assert out.strip(), "the command printed nothing"
    assert loaded == set(), f"`vos-coder {' '.join(args)}` loaded {sorted(loaded)}"


def test_help_loads_no_command_module():
    code = ("import sys\nfrom vos_coder.cli import main\nsys.argv = ['vos-coder', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('MODS', sorted(m for m in sys.modules if m.startswith('vos_coder.')), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    mods = eval(next(x for x in r.stderr.splitlines() if x.startswith("MODS")).split(" ", 1)[1])
    assert "query" in r.stdout and "themes" in r.stdout
    assert not [m for m in mods if m.startswith(("vos_coder.store", "vos_coder.exporters"))], mods
    assert {"vos_coder.cli.stats", "vos_coder.cli.sources", "vos_coder.cli.privacy"}.isdisjoint(mods)


def test_the_stored_one_line_helps_match_the_commands():
    """`vos-coder --help` lists commands from LAZY without loading them: each
    line there must be the command's own short help."""
    group = typer.main.get_command(app)
    ctx = click.Context(group)
    for name, (_module, line) in LAZY.items():
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"LAZY names {name!r} but its module registers no such command"
        assert line == cmd.get_short_help_str(1000), (
            f"the help line of {name!r} in vos_coder/cli/__init__.py LAZY is out of date; "
            f"make it: {cmd.get_short_help_str(1000)!r}")


def test_a_lazy_command_still_fails_in_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "vos_coder", "query", "--db", str(tmp_path / "none.db")],
                       capture_output=True, text=True, check=False)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().startswith("Error: no project at")


def test_version_prints_the_version_and_the_schema_version():
    from importlib.metadata import version

    from vos_coder.store.migrations import SCHEMA_VERSION

    r = subprocess.run([sys.executable, "-m", "vos_coder", "--version"], capture_output=True,
                       text=True, check=True)
    assert r.stdout.strip() == f"vos-coder {version('vos-coder')} (project schema {SCHEMA_VERSION})"


def _all_commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name)
        if hasattr(cmd, "list_commands"):
            yield from _all_commands(cmd, (*prefix, name))


def test_help_placeholders_are_words_not_types():
    """`PATH...`, `THEME`, `N`: never Typer's `{paths}...`, `<list[str]>` or `<int>`."""
    import re

    from typer.testing import CliRunner

    runner = CliRunner()
    names = list(_all_commands(typer.main.get_command(app)))
    assert ("import",) in names and ("stats", "attributes") in names
    for path in names:
        r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert r.exit_code == 0, (path, r.output)
        bad = re.findall(r"<[a-z][\w\[\], |]*>|\{\w+\}", r.output)
        assert not bad, f"`vos-coder {' '.join(path)} --help` shows {bad}"
    r = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    assert "Usage: vos-coder import [OPTIONS] PATH..." in r.output
    r = runner.invoke(app, ["code", "--help"], env={"COLUMNS": "200"})
    assert "-t, --theme THEME" in r.output


@pytest.mark.parametrize(("args", "meant"), [(["qurey"], "query"), (["expotr"], "export"),
                                             (["themes", "lsit"], "list"),
                                             (["stats", "atributes"], "attributes")])
def test_a_mistyped_command_is_named_though_commands_load_lazily(args, meant):
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2
    assert f"No such command '{args[-1]}'. Did you mean '{meant}'?" in r.output


def test_a_group_builds_only_the_command_asked_for(demo_path):
    """`themes list` builds one command of the codebook group, not all eleven."""
    code = ("import sys\nfrom vos_coder.cli import main\nimport vos_coder.cli._lazy as lazy\n"
            f"sys.argv = ['vos-coder', 'themes', 'list', '--db', {str(demo_path)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "group = lazy._groups['themes'].commands['themes']\n"
            "print('BUILT', sorted(group.commands), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "BUILT ['list']" in r.stderr, r.stderr


def test_importing_transcripts_loads_no_privacy_survey_or_encoding_guesser(tmp_path):
    """`vos-coder import FOLDER` of UTF-8 transcripts loads neither the
    confidentiality commands (the disclosure check), nor the survey reader
    (csv, rapidfuzz), nor charset-normalizer (only a file that is not UTF-8
    needs it); `sources edit` lives with the other `sources` commands."""
    from vos_coder.store import Project

    db = tmp_path / "study.db"
    Project.create(db).close()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "VoS-AL-01.txt").write_text("Interviewer: How was school?\n\nParticipant: Fine.\n",
                                          encoding="utf-8")
    watched = ("vos_coder.privacy", "vos_coder.cli.privacy", "vos_coder.importers.survey",
               "rapidfuzz", "charset_normalizer")
    code = ("import sys\nfrom vos_coder.cli import main\n"
            f"sys.argv = ['vos-coder', 'import', {str(folder)!r}, '--db', {str(db)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            f"print('LOADED', sorted(m for m in sys.modules if m.startswith({watched!r})), "
            "file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "imported 1" in r.stdout
    assert "LOADED []" in r.stderr, r.stderr
    with Project.open(db) as p:
        assert [t.speaker for t in p.turns(p.sources()[0].id)] == ["Interviewer", "Participant"]
