"""Hostile content never escapes: escape sequences and control characters
planted in a transcript, a file name, a theme name and an attribute reach no
terminal raw and crash no exporter; CSV cells that would start a formula get
an apostrophe (OWASP CSV-injection guidance)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.cli.conftest import Cli
from tests.terminal import run_on_terminal
from vos_coder.core.controls import csv_cell, visible

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # write the clipboard
TITLE = "\x1b]0;owned\x07"  # set the window title
CSI = "\x1b[2J\x1b[8m"  # clear screen, conceal
C1 = "\x9b31m"  # 8-bit CSI
OTHERS = "\x08\x0b\x0c\r\x7f\u202e"
HOSTILE = OSC52 + TITLE + CSI + C1 + OTHERS
RAW = ["\x1b", "\x07", "\x9b", "\x08", "\x0b", "\x0c", "\r", "\x7f", "\u202e"]

FORMULA = "=HYPERLINK(\"http://x.invalid\",\"click\")"
TRANSCRIPT = (f"Interviewer: What happened then? {HOSTILE}\n\n"
              f"Participant: {FORMULA} my teacher listened {OSC52}and called the hotline.\n\n"
              "Interviewer: Thank you.\n\n"
              # enough ordinary text that the import does not take it for binary data
              + "Participant: We talked about school, the bus and the weekend.\n\n" * 150)
THEME = f"Silence{TITLE}{C1}"
FORMULA_THEME = "+Help seeking"


def _clean(s: str, where: str) -> None:
    for ch in RAW:
        assert ch not in s, f"{ch!r} reached {where}: {s[:300]!r}"


@pytest.fixture
def hostile(tmp_path) -> Cli:
    cli = Cli(tmp_path / "p.db")
    cli("init")
    name = tmp_path / f"VoS-AL-04{TITLE}.txt"
    name.write_text(TRANSCRIPT, encoding="utf-8")
    r = cli("import", name, "--participant", "VoS-AL-04")
    _clean(r.stdout + r.stderr, "import output")
    cli("themes", "add", THEME)
    cli("themes", "add", FORMULA_THEME)
    cli("participants", "set", "VoS-AL-04", f"town=@SUM(1+1){CSI}", "age=-3")
    cli("code", "VoS-AL-04", "-t", THEME, "-t", FORMULA_THEME, "--match",
        f"{FORMULA} my teacher listened")
    cli("code", "VoS-AL-04", "-t", FORMULA_THEME, "--match", "What happened then?")
    cli("quotes", "approve", "1")  # Q-002 is the interviewer's question: never approved
    # Text stored raw (as by an older vos-coder, or by a merge): the output
    # layer must hold on its own, whatever the import does.
    from vos_coder.core.model import ParsedSource
    from vos_coder.core.text import normalise
    from vos_coder.store import Project

    with Project.open(cli.db) as p:
        raw = normalise(TRANSCRIPT.replace("What happened", "Raw: what happened"))
        assert OSC52 in raw
        sid = p.add_source("VoS-AL-06", f"raw{CSI}", ParsedSource(raw, ())).id
        start = raw.index("Raw")
        p.code(sid, start, raw.index("\n", start), THEME)
    return cli


def test_import_stores_escape_sequences_written_out_and_says_where(tmp_path):
    cli = Cli(tmp_path / "p.db")
    cli("init")
    path = tmp_path / "VoS-AL-07.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    r = cli("import", path)
    # VT and FF became line breaks, so the Participant line is line 5
    assert "VoS-AL-07.txt: 12 control character(s) (escape sequences?) on lines 1, 3 and 5 were " \
           "stored written out as \\uXXXX" in r.stderr
    [(text,)] = cli.rows("SELECT text FROM sources")
    _clean(text, "the stored text")
    assert "\\u001b]52;c;ZWNobyBwd25lZA==\\u0007and called" in text


PRINTING = [
    ("sources", "list"), ("sources", "show", "1"), ("query",), ("query", "-f", "csv"),
    ("query", "-f", "json"), ("query", "-f", "md"), ("query", "-f", "jsonl"), ("themes", "list"),
    ("participants", "list"), ("participants", "show", "VoS-AL-04"), ("audit",),
    ("coders", "list"), ("quotes", "list"), ("stats", "themes"),
    ("stats", "cooccurrence"), ("stats", "attributes", "town"), ("stats", "themes", "-f", "csv"), ("themes", "describe", THEME),
]


@pytest.mark.parametrize("args", PRINTING, ids=lambda a: " ".join(a)[:30])
def test_no_command_prints_a_raw_escape_sequence(hostile, args):
    r = hostile(*args, ok=False)
    assert r.exit_code in (0, 1), r.stderr
    _clean(r.stdout, f"stdout of {args}")
    _clean(r.stderr, f"stderr of {args}")
    assert "Traceback" not in r.stdout + r.stderr


def test_the_escape_is_shown_not_dropped(hostile):
    r = hostile("sources", "show", "1")
    assert "\\u001b]52;c;ZWNobyBwd25lZA==\\u0007" in r.stdout
    listing = hostile("themes", "list").stdout
    assert "Silence\\u001b]0;owned\\u0007\\u009b31m" in listing


def test_json_output_stays_valid_and_decodes_to_the_stored_text(hostile):
    out = hostile("query", "-f", "json").stdout
    _clean(out, "json")
    rows = json.loads(out)  # \u009b is a JSON escape: valid, and lossless for tools
    assert any(THEME in r["themes"] for r in rows), rows


def test_errors_naming_hostile_input_are_inert(hostile, tmp_path):
    r = hostile("themes", "add", THEME, ok=False)  # exists: the message repeats the name
    assert r.exit_code != 0
    _clean(r.stderr, "error message")
    r = hostile("import", tmp_path / f"missing{OSC52}.txt", ok=False)
    assert r.exit_code != 0 and "\\u001b]52" in r.stderr
    _clean(r.stderr, "error message")


def _export(cli: Cli, *args):
    """Run an export with --allow-flagged where the command has it."""
    r = cli(*args, "--allow-flagged", ok=False)
    if r.exit_code == 2 and "No such option: --allow-flagged" in r.stderr:
        r = cli(*args, ok=False)
    return r


def _zip_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                       if n.endswith(".xml"))


@pytest.mark.parametrize("suffix", ["docx", "md", "html", "csv", "json"])
def test_quote_exports_write_no_control_character(hostile, tmp_path, suffix):
    out = tmp_path / f"quotes.{suffix}"
    r = _export(hostile, "export", "quotes", "--out", out)
    assert r.exit_code == 0, r.stderr
    body = _zip_xml(out) if suffix == "docx" else out.read_text("utf-8")
    _clean(body, out.name)
    if suffix == "docx":
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert "my teacher listened" in text and "Silence\\u001b]0;owned" in text


@pytest.mark.parametrize("what,suffix", [("codings", "csv"), ("codings", "xlsx"), ("codings", "json"),
                                         ("matrix", "csv"), ("matrix", "xlsx")])
def test_table_exports_write_no_control_character(hostile, tmp_path, what, suffix):
    out = tmp_path / f"{what}.{suffix}"
    r = _export(hostile, "export", what, "--out", out)
    assert r.exit_code == 0, r.stderr
    _clean(_zip_xml(out) if suffix == "xlsx" else out.read_text("utf-8"), out.name)
    if suffix == "xlsx":
        cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
        assert any(isinstance(v, str) and "Silence\\u001b]0;owned" in v for v in cells)


@pytest.mark.parametrize("args", [("stats", "themes", "--out", "{d}/stats.docx"),
                                  ("chart", "themes", "--out", "{d}/c.svg"),
                                  ("chart", "cooccurrence", "--out", "{d}/h.svg"),
                                  ("themes", "export", "--out", "{d}/cb.yaml"),
                                  ("themes", "export", "--out", "{d}/cb.json"),
                                  ("qdpx", "export", "--out", "{d}/p.qdpx")],
                         ids=lambda a: a[-1].split("/")[-1])
def test_other_exports_do_not_crash_on_control_characters(hostile, tmp_path, args):
    r = _export(hostile, *(a.format(d=tmp_path) for a in args))
    assert r.exit_code == 0, r.stderr
    out = tmp_path / args[-1].split("/")[-1]
    raw = _zip_xml(out) if out.suffix in (".docx", ".qdpx") else out.read_text("utf-8")
    for ch in ("\x1b", "\x07", "\x9b"):
        assert ch not in raw, (out.name, ch)


def _csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


@pytest.mark.parametrize("what", ["quotes", "codings", "matrix"])
def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(hostile, tmp_path, what):
    out = tmp_path / f"{what}.csv"
    assert _export(hostile, "export", what, "--out", out).exit_code == 0
    cells = _csv_cells(out.read_text("utf-8"))
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert risky == [], risky
    if what != "matrix":
        assert any(c.startswith("'" + FORMULA) for c in cells), cells
    if what != "quotes":  # attributes and theme columns
        assert any(c.startswith("'@SUM(1+1)") for c in cells)
        assert any(c.startswith("'-3") for c in cells)
    if what == "matrix":
        assert "'+Help seeking" in cells


def test_csv_on_stdout_is_neutralised_too(hostile):
    cells = _csv_cells(hostile("query", "-f", "csv").stdout)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'" + FORMULA) for c in cells)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\\u000dx"), ("plain", "plain"), ("a=b", "a=b"), (3, 3), (-3, -3), ("", ""),
])
def test_csv_cell_rule(value, expected):
    assert csv_cell(value) == expected


def test_visible_keeps_text_and_shows_controls():
    assert visible("ë ç ñ — «» \t\n") == "ë ç ñ — «» \t\n"
    assert visible("a\x1b[31mb\u202ec\x9b") == "a\\u001b[31mb\\u202ec\\u009b"


def test_click_usage_errors_naming_hostile_arguments_are_inert(tmp_path):
    cli = Cli(tmp_path / "p.db")
    r = cli(f"nosuch{OSC52}", ok=False)
    assert r.exit_code == 2 and "nosuch" in r.stderr
    _clean(r.stderr, "usage error")
    r = cli("themes", "list", f"--bogus{TITLE}", ok=False)
    assert r.exit_code == 2
    _clean(r.stderr, "usage error")


def test_a_real_terminal_session_gets_no_escape_from_a_file_name(tmp_path):
    """Through a pseudo-terminal, as a user would see it: rich may style its
    table, but the planted OSC 52 and title sequences arrive written out."""
    db = tmp_path / "p.db"
    Cli(db)("init")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "TERM": "xterm-256color", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    bad = tmp_path / f"VoS-AL-04{OSC52}.txt"
    bad.write_text("Participant: hello there, this is a test.\n", encoding="utf-8")
    code, out = run_on_terminal([sys.executable, "-m", "vos_coder", "import", str(bad), "--participant",
                                 "VoS-AL-04", "-v", "--db", str(db)], env, timeout=120)
    assert code == 0, out
    assert b"\x1b]" not in out and b"\x07" not in out, out
    assert b"\\u001b]52;c;" in out


def test_pictured_shows_each_control_as_one_visible_character():
    from vos_coder.core.controls import CONTROLS, pictured

    raw = "a\x1b]52;c;eA==\x07b\x1b[2J\r\x7f\x9b\u202e\tc\nd"
    shown = pictured(raw)
    assert shown == "a␛]52;c;eA==␇b␛[2J␍␡��\tc\nd"
    assert len(shown) == len(raw) and not CONTROLS.search(shown)
    assert pictured("plain ë") == "plain ë"
