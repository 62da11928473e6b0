"""Bulk import (issue 18, items 3 and 4): the participant from the file name by
the project's pattern, folders walked, one summary line with the failures
grouped, a progress bar on a terminal only, and a Ctrl-C that says how many
files were stored. Real project files; the Ctrl-C and terminal tests run
vos-coder as a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.terminal import run_on_terminal
from vos_coder.cli._bulk import BAR_MIN

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _write(path: Path, n: int = 0) -> Path:
    """A short fictional transcript; ``n`` makes its text unique."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Interviewer: Who did you talk to first? (session {n})\n\n"
                    f"Participant: A school counsellor, number {n}. She explained the hotline.\n",
                    encoding="utf-8")
    return path


def _pids(cli: Cli) -> list[str]:
    return [r[0] for r in cli.rows("SELECT p.pid FROM sources s JOIN participants p "
                                   "ON p.id = s.participant_id ORDER BY p.pid")]


# -- item 4: the participant from the file name -------------------------------------------


def test_default_pattern_takes_two_and_three_digits_alone_or_followed(cli, tmp_path):
    names = ["VoS-AL-04.txt", "VoS-AL-104.txt", "VoS-AL-07_interview2.txt", "VoS-AL-09 session 2.txt"]
    files = [_write(tmp_path / name, i) for i, name in enumerate(names)]
    r = cli("import", *files)
    assert r.stdout == "imported 4, skipped 0 as already present, failed 0 (of 4 files)\n"
    assert _pids(cli) == ["VoS-AL-04", "VoS-AL-07", "VoS-AL-09", "VoS-AL-104"]


@pytest.mark.parametrize("name", ["VoS-AL-4.txt", "VoS-AL-004.txt", "notes VoS-AL-04.txt",
                                  "VoS-AL-04-2.txt", "VoS-CO-04.txt", "VoS-AL-1040.txt"])
def test_a_name_that_does_not_fit_shows_the_pattern_and_stores_nothing(cli, tmp_path, name):
    before = cli.dump()
    r = cli("import", _write(tmp_path / name), ok=False)
    assert r.exit_code == 1
    assert (f"Error: {name}: the file name (without suffix) does not fit the project's pattern "
            r"(?P<id>VoS-AL-(?:\d{2}|[1-9]\d{2}))(?:[_ ].*)? (like VoS-AL-04.txt or "
            "VoS-AL-04_interview2.docx); rename it, or pass --participant ID or "
            "--participant-from REGEX") in r.stderr
    assert "Traceback" not in r.stderr
    assert cli.dump() == before


def test_init_id_pattern_is_the_projects_rule_for_file_names(tmp_path):
    cli = Cli(tmp_path / "pilot.db")
    r = cli("init", "--id-pattern", r"interview-(VoS-AL-\d+)-\w+")
    assert r"file names must fit interview-(VoS-AL-\d+)-\w+" in r.stdout
    assert cli.rows("SELECT value FROM settings WHERE key = 'id_pattern'") == [
        (r"interview-(VoS-AL-\d+)-\w+",)]
    good = _write(tmp_path / "interview-VoS-AL-12-march.docx.txt".replace(".docx", ""), 1)
    plain = _write(tmp_path / "VoS-AL-13.txt", 2)
    r = cli("import", good, plain, ok=False)
    assert _pids(cli) == ["VoS-AL-12"]
    assert (r"VoS-AL-13.txt: the file name (without suffix) does not fit the project's pattern "
            r"interview-(VoS-AL-\d+)-\w+; rename it") in r.stderr


@pytest.mark.parametrize("pattern", ["(VoS-AL", "[unclosed"])
def test_a_bad_id_pattern_is_one_line_and_makes_no_file(tmp_path, pattern):
    cli = Cli(tmp_path / "p.db")
    r = cli("init", "--id-pattern", pattern, ok=False)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: --id-pattern {pattern!r} is not a regular expression (")
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "p.db").exists() and not (tmp_path / "p.key").exists()


def test_participant_from_names_the_participant_for_one_import(cli, tmp_path):
    f = _write(tmp_path / "2026-03-interview-AL-21.txt")
    r = cli("import", f, "--participant-from", r"\d{4}-\d\d-interview-(?P<id>AL-\d+)", "-v")
    assert "2026-03-interview-AL-21.txt -> AL-21 (source 1)" in r.stdout
    other = _write(tmp_path / "VoS-AL-22.txt", 5)  # the project's own pattern still applies later
    cli("import", other)
    assert _pids(cli) == ["AL-21", "VoS-AL-22"]
    r = cli("import", _write(tmp_path / "x.txt", 9), "--participant-from", r"y(?P<id>\d+)", ok=False)
    assert r"Error: x.txt: the file name (without suffix) does not fit --participant-from y(?P<id>\d+)" \
        in r.stderr


def test_a_bad_participant_from_stores_nothing(cli, tmp_path):
    before = cli.dump()
    r = cli("import", _write(tmp_path / "VoS-AL-04.txt"), "--participant-from", "(", ok=False)
    assert r.exit_code == 2 and r.stderr.startswith("Error: --participant-from '(' is not a regular")
    assert cli.dump() == before


# -- item 3: folders, the summary, -v ------------------------------------------------


def test_a_folder_is_walked_by_the_stated_rule(cli, tmp_path):
    root = tmp_path / "interviews"
    _write(root / "VoS-AL-01.txt", 1)
    _write(root / "tirana" / "VoS-AL-02_first.txt", 2)
    _write(root / "tirana" / "deeper" / "VoS-AL-03 second.md", 3)
    _write(root / ".cache" / "VoS-AL-05.txt", 5)  # hidden folder
    _write(root / ".VoS-AL-06.txt", 6)  # hidden file
    _write(root / "~$VoS-AL-07.txt", 7)  # a Word lock file
    (root / "codebook.pdf").write_bytes(b"%PDF-1.4")
    (root / "survey.csv").write_text("respondent,age\nF01,30\n", encoding="utf-8")
    r = cli("import", root, "--no-recursive")
    assert _pids(cli) == ["VoS-AL-01"]
    assert r.stdout == ("imported 1, skipped 0 as already present, failed 0 (of 1 file); "
                        "passed over 4 other file(s) in the folder(s)\n")  # .cache/ not entered
    r = cli("import", root)
    assert _pids(cli) == ["VoS-AL-01", "VoS-AL-02", "VoS-AL-03"]
    assert r.stdout == ("imported 2, skipped 1 as already present, failed 0 (of 3 files); "
                        "passed over 5 other file(s) in the folder(s)\n")
    assert cli.rows("SELECT count(*) FROM participants WHERE grp != 'survivor'") == [(0,)]


def test_an_empty_folder_is_one_line(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    before = cli.dump()
    r = cli("import", tmp_path / "empty", ok=False)
    assert r.exit_code == 1 and r.stderr.startswith("Error: nothing to import: no transcript")
    assert cli.dump() == before


def test_summary_counts_and_groups_the_failures(cli, tmp_path):
    done = [_write(tmp_path / f"VoS-AL-{n:02d}.txt", n) for n in range(1, 4)]
    cli("import", *done)
    new = [_write(tmp_path / f"VoS-AL-{n:02d}.txt", n) for n in range(4, 6)]
    pdfs = []
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (tmp_path / name).write_bytes(b"%PDF")
        pdfs.append(tmp_path / name)
    nameless = _write(tmp_path / "notes.txt", 99)
    r = cli("import", *done, *new, *pdfs, nameless, ok=False)
    assert r.exit_code == 1
    assert r.stdout == "imported 2, skipped 3 as already present, failed 4 (of 9 files)\n"
    errors = [x for x in r.stderr.splitlines() if x.startswith("Error:")]
    assert errors[0] == ("Error: 3 files: unknown file type .pdf; vos-coder imports .txt, .md, "
                         ".docx, .vtt, .srt, .csv (a.pdf, b.pdf, c.pdf)")
    assert errors[1].startswith("Error: notes.txt: the file name (without suffix) does not fit")
    assert len(errors) == 2
    assert "skipped" not in r.stderr and "VoS-AL-04.txt ->" not in r.stdout  # no -v: no per-file lines
    r = cli("import", *done, *new, "-v")
    assert r.stderr.count("skipped VoS-AL-0") == 5 and "is already in the project" in r.stderr
    assert r.stdout.endswith("imported 0, skipped 5 as already present, failed 0 (of 5 files)\n")


# -- Ctrl-C, and the bar on a terminal (real processes) --------------------------------


def _project(tmp_path: Path, n: int) -> tuple[Path, list[Path]]:
    db = tmp_path / "p.db"
    Cli(db)("init")
    return db, [_write(tmp_path / "t" / f"VoS-AL-{i:03d}.txt", i) for i in range(100, 100 + n)]


def _count(db: Path) -> int:
    from tests.conftest import open_raw

    conn = open_raw(db)
    try:
        return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_ctrl_c_says_how_many_were_stored_and_a_rerun_finishes(tmp_path):
    db, _files = _project(tmp_path, 900)
    cmd = [sys.executable, "-m", "vos_coder", "import", str(tmp_path / "t"), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    deadline = time.monotonic() + 300  # a wait for the import to get going, not a timing
    while _count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the import ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, errs = proc.communicate(timeout=300)
    assert proc.returncode == 130, errs
    stored = _count(db)
    assert 3 <= stored < 900
    assert "Traceback" not in errs
    assert f"imported {stored}, skipped 0 as already present, failed 0 (of 900 files)" in out
    assert (f"interrupted after {stored} of 900 file(s): {stored} stored, {900 - stored} not "
            "tried, nothing half-written kept; run the same command again to import the rest") in errs
    r = subprocess.run(cmd, capture_output=True, text=True, env=ENV, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (f"imported {900 - stored}, skipped {stored} as already present, failed 0 "
                        "(of 900 files)\n")
    assert _count(db) == 900


def _on_terminal(cmd: list[str], status: int = 0) -> str:
    """Run with stdout and stderr on a pseudo-terminal; all it printed, less
    the terminal's control sequences."""
    env = {**ENV, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    code, out = run_on_terminal(cmd, env)
    assert code == status, out
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", out).decode()


def test_a_large_import_shows_a_bar_on_a_terminal_and_none_in_a_pipe(tmp_path):
    n = BAR_MIN + 5
    db, _files = _project(tmp_path, n)
    text = _on_terminal([sys.executable, "-m", "vos_coder", "import", str(tmp_path / "t"),
                         "--db", str(db)])
    assert "importing" in text and re.search(rf"\b\d+/{n}\b", text), text  # counts
    assert "left" in text and "━" in text  # time left, the bar itself
    assert text.rstrip().endswith(f"imported {n}, skipped 0 as already present, failed 0 "
                                  f"(of {n} files)")
    assert _count(db) == n
    # In a pipe: no bar, and rich.progress never loaded.
    code = ("import sys\nfrom vos_coder.cli import main\n"
            f"sys.argv = ['vos-coder', 'import', {str(tmp_path / 't')!r}, '--db', {str(db)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('PROGRESS', 'rich.progress' in sys.modules, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                       check=False)
    assert r.stdout == f"imported 0, skipped {n} as already present, failed 0 (of {n} files)\n"
    assert r.stderr == "PROGRESS False\n"


def test_check_and_merge_show_a_bar_on_a_terminal(tmp_path):
    n = BAR_MIN + 2
    db, _files = _project(tmp_path, n)
    Cli(db)("import", tmp_path / "t")
    text = _on_terminal([sys.executable, "-m", "vos_coder", "check", "--db", str(db)])
    assert "checking" in text and re.search(r"\b\d+/\d+\b", text) and "left" in text, text
    assert "no disclosure hits" in text
    other = tmp_path / "other.db"
    Cli(db)("backup", "--out", other)
    text = _on_terminal([sys.executable, "-m", "vos_coder", "merge", str(other), "--db", str(db)])
    assert "merging" in text and re.search(rf"\b\d+/{n + 5}\b", text), text
    assert "other.db: nothing new to merge" in text
    r = subprocess.run([sys.executable, "-m", "vos_coder", "merge", str(other), "--db", str(db)],
                       capture_output=True, text=True, env=ENV, check=False)
    assert r.returncode == 0 and r.stderr == "" and r.stdout == "other.db: nothing new to merge\n"
