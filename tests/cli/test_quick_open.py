"""`vos-coder open` starts the workbench without Typer (cli/launch.py).

The start-up time itself is measured by benchmarks/bench_tui.py; these tests
pin what makes it short (which modules the process loads) and that the quick
path ends exactly as every other command does."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vos_coder.cli import _common
from vos_coder.cli.launch import DEFAULT_DB, plain_open

RUN = (
    "import sys\n"
    "from vos_coder.cli import main\n"
    "sys.argv = ['vos-coder', *{args!r}]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as e:\n"
    "    print('EXIT', e.code, file=sys.stderr)\n"
    "print('LOADED', sorted(m for m in ('typer', 'pydantic', 'textual') if m in sys.modules), "
    "file=sys.stderr)\n"
)


def _run(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    # stdin/stdout are pipes here: the workbench refuses to start without a terminal
    return subprocess.run([sys.executable, "-c", RUN.format(args=args)], capture_output=True,
                          text=True, check=False, env=env, stdin=subprocess.DEVNULL)


def test_plain_open_loads_no_typer_and_fails_in_one_line(demo_path):
    r = _run(["open", "--db", str(demo_path), "--coder", "ana"])
    lines = r.stderr.splitlines()
    assert lines[0] == ("Error: the workbench needs a terminal; run it in a terminal window "
                        "(for scripts use query, stats and export)")
    assert "EXIT 1" in lines
    assert "LOADED []" in lines  # neither Typer (nor its pydantic) nor Textual was loaded


def test_a_missing_project_is_said_the_same_way_as_by_every_command(tmp_path):
    missing = tmp_path / "none.db"
    r = _run(["open", f"--db={missing}"])
    assert r.stderr.splitlines()[0].startswith(f"Error: no project at {missing}")
    assert "Traceback" not in r.stderr and "EXIT 1" in r.stderr
    assert not missing.exists()  # nothing was created


def test_anything_else_goes_through_typer(tmp_path):
    r = _run(["open", "--db", str(tmp_path / "x.db"), "--colour", "red"])
    assert "No such option" in r.stderr and "--colour" in r.stderr
    assert "'typer'" in r.stderr.splitlines()[-1]  # the full parser explained it


@pytest.mark.parametrize(("argv", "env", "expected"), [
    (["open"], {}, {}),
    (["open", "--db", "a.db"], {}, {"--db": "a.db"}),
    (["open", "--db=a.db", "--coder=ana"], {}, {"--db": "a.db", "--coder": "ana"}),
    (["open"], {"VOS_CODER_DB": "env.db"}, {"--db": "env.db"}),
    (["open", "--db", "a.db"], {"VOS_CODER_DB": "env.db"}, {"--db": "a.db"}),
    (["open"], {"VOS_CODER_CODER": ""}, None),  # Typer decides what an empty variable means
    (["open", "--help"], {}, None),
    (["open", "-h"], {}, None),
    (["open", "--db"], {}, None),
    (["open", "--db", "--coder", "ana"], {}, None),
    (["open", "--db", "a.db", "--db", "b.db"], {}, None),
    (["open", "--db="], {}, None),
    (["open", "extra"], {}, None),
    (["query"], {}, None),
    ([], {}, None),
])
def test_only_a_plain_open_takes_the_quick_path(monkeypatch, argv, env, expected):
    for name in ("VOS_CODER_DB", "VOS_CODER_CODER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert plain_open(argv) == expected


def test_the_quick_path_has_the_same_default_project_file():
    assert DEFAULT_DB == _common.DEFAULT_DB
