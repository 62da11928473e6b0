"""The README runs: its walk-through is executed, in order, and its output compared.

The rule, for everyone who edits README.md (keep this test green):

- Every fenced block with no language whose FIRST line starts with ``$ `` is a
  walk-through block. All of them run, in the order they appear, in ONE
  temporary folder that starts with a copy of ``sample_transcripts/`` and
  nothing else. So a block may use files that earlier blocks made
  (``vos-demo.db``, ``study.db``, ``out/...``) and must make any other file
  it uses. Blocks of other kinds (```` ```python ````, or not starting with
  ``$ ``) are never run.
- Each ``$ `` line is one command, run with bash (``VAR=x cmd``, ``>``, ``|``,
  ``printf``, ``cat``, ``head`` work). A command ending in a here-document
  (``<<'EOF'``) takes the following lines up to ``EOF`` as its input.
- The lines after a command, up to the next ``$ `` line, are its expected
  output (stdout and stderr together). They must match what the command
  prints, with these allowances only: trailing spaces are ignored; ISO times
  (``2026-11-29T01:54:36+00:00``) match any time; a line that is just ``...``
  stands for any number of lines; ``...`` inside a line stands for any text.
  A command shown with no output must succeed (exit status 0); a command with
  output may fail (its ``Error: ...`` line is then what is compared).
- The environment: ``vos-coder`` from the running virtual environment on
  PATH, this tree on PYTHONPATH, ``VOS_CODER_USER=lead``, ``COLUMNS=100``
  (rich tables are 100 characters wide), no ``VOS_CODER_DB``/``_CODER``/``_KEY``.
- A block that cannot run in a fresh folder (it needs a file from outside the
  repository) is skipped only with a comment line right before it:
  ``<!-- readme-test: skip: the reason -->``.

To see what the README would show after a change, run
``VOS_README_UPDATE=1 pytest tests/test_readme.py``: it rewrites the expected
output in README.md from the real output (keeping ``...`` elisions where they
still fit); read the diff before you commit it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SKIP = "<!-- readme-test: skip"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00")


@dataclass
class Step:
    line: int  # 0-based line of the `$ ` command in README.md
    command: str
    expected: list[str] = field(default_factory=list)
    n_lines: int = 1  # lines of README the command itself takes (here-documents)


def walkthrough(lines: list[str]) -> list[Step]:
    """The walk-through steps of the README, in order."""
    steps: list[Step] = []
    i, skip = 0, False
    while i < len(lines):
        line = lines[i]
        if not line.startswith("```"):
            if line.startswith(SKIP):
                skip = True  # the next block is not run
            elif line.strip():
                skip = False
            i += 1
            continue
        lang, start = line[3:].strip(), i + 1
        end = start
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = lines[start:end]
        if not lang and body and body[0].startswith("$ ") and not skip:
            steps += _steps(body, start)
        skip = False
        i = end + 1
    return steps


def _steps(body: list[str], offset: int) -> list[Step]:
    steps: list[Step] = []
    j = 0
    while j < len(body):
        line = body[j]
        if line.startswith("$ "):
            step = Step(offset + j, line[2:])
            heredoc = re.search(r"<<-?\s*'?(\w+)'?\s*$", line)
            if heredoc:
                marker = heredoc.group(1)
                k = j + 1
                while k < len(body) and body[k] != marker:
                    k += 1
                step.command = "\n".join([line[2:], *body[j + 1:k + 1]])
                step.n_lines = k + 1 - j
                j = k
            steps.append(step)
        elif steps:
            steps[-1].expected.append(line)
        j += 1
    return steps


def _norm(lines: list[str]) -> list[str]:
    out = [TIME.sub("<TIME>", x.rstrip()) for x in lines]
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    parts = []
    for line in _norm(expected):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*".join(re.escape(p) for p in line.split("...")) + r"\n")
    text = "".join(x + "\n" for x in _norm(actual))
    return re.fullmatch("".join(parts), text) is not None


def updated(expected: list[str], actual: list[str]) -> list[str]:
    """What VOS_README_UPDATE writes: the real output, keeping the shape of ``...`` elisions."""
    if matches(expected, actual):
        return expected
    actual = [x.rstrip() for x in actual]
    while actual and not actual[-1]:
        actual.pop()
    cuts = [k for k, x in enumerate(expected) if x.strip() == "..."]
    if not cuts:
        return actual
    head, tail = cuts[0], len(expected) - cuts[-1] - 1
    if head + tail >= len(actual):
        return actual
    return [*actual[:head], "...", *(actual[len(actual) - tail:] if tail else [])]


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VOS_CODER_DB", "VOS_CODER_CODER", "VOS_CODER_KEY", "VOS_DEBUG")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               PYTHONPATH=str(REPO), VOS_CODER_USER="lead", COLUMNS="100", LINES="50",
               HOME=str(work), NO_COLOR="1", TERM="dumb")
    return env


def test_walkthrough_blocks_are_found():
    steps = walkthrough(README.read_text(encoding="utf-8").splitlines())
    assert len(steps) > 50
    first = steps[0].command
    assert first.startswith("vos-coder "), first


@pytest.mark.slow
def test_readme_runs_as_written(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    lines = README.read_text(encoding="utf-8").splitlines()
    steps = walkthrough(lines)
    shutil.copytree(REPO / "sample_transcripts", tmp_path / "sample_transcripts")
    env = _env(tmp_path)
    update = bool(os.environ.get("VOS_README_UPDATE"))
    failures: list[str] = []
    replace: dict[int, tuple[int, list[str]]] = {}
    for step in steps:
        r = subprocess.run(["bash", "-c", step.command], cwd=tmp_path, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300,
                           check=False)
        actual = r.stdout.splitlines()
        where = f"README.md line {step.line + 1}: $ {step.command.splitlines()[0]}"
        if "Traceback (most recent call last)" in r.stdout:
            failures.append(f"{where}\n  printed a traceback:\n{r.stdout}")
        elif not step.expected and r.returncode != 0:
            failures.append(f"{where}\n  exit {r.returncode} (no output is shown, so it must "
                            f"succeed):\n  " + "\n  ".join(actual))
        elif step.expected and not matches(step.expected, actual):
            failures.append(f"{where}\n  README shows:\n    " + "\n    ".join(step.expected)
                            + "\n  it printed:\n    " + "\n    ".join(actual))
        if update and step.expected:
            replace[step.line + step.n_lines] = (len(step.expected), updated(step.expected, actual))
    if update and replace:
        out, k = [], 0
        while k < len(lines):
            if k in replace:
                n, new = replace[k]
                out += new
                k += n
                continue
            out.append(lines[k])
            k += 1
        README.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert not failures, (f"{len(failures)} of {len(steps)} README step(s) differ (the rule is at "
                          "the top of tests/test_readme.py):\n\n" + "\n\n".join(failures[:15]))
