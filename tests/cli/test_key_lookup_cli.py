"""No key, no export: where the key file is looked for (--key, VOS_CODER_KEY,
<project>.key), what happens on a coder's copy without it, and identifiers
that belong to a project."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from tests.privacy.conftest import TEXT_04, span
from vos_coder.store import Project


@pytest.fixture
def coder_copy(cli, tmp_path):
    """A lead's project with a registered name in a coded, approved quote; the
    coder's copy is the project file alone, in another folder."""
    cli("identifiers", "add", "Ardita Hoxha", "--participant", "VoS-AL-04")
    (tmp_path / "VoS-AL-04.txt").write_text(TEXT_04, encoding="utf-8")
    cli("import", tmp_path / "VoS-AL-04.txt")
    with Project.open(cli.db) as p:
        p.code(1, *span(TEXT_04, "Ardita from my class said the teacher would help."), p.themes()[1].path)
        p.set_quote_status("Q-001", "approved")
    folder = tmp_path / "coder"
    folder.mkdir()
    shutil.copy(cli.db, folder / "project.db")
    from tests.cli.conftest import Cli
    return Cli(folder / "project.db")


def test_init_creates_a_private_key_file_with_a_secret(cli, tmp_path):
    key = tmp_path / "project.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    data = json.loads(key.read_text("utf-8"))
    assert data["identifiers"] == [] and len(bytes.fromhex(data["secret"])) == 32


EXPORTS = [
    ("export", "quotes", "--out", "q.md"),
    ("export", "codings", "--out", "c.csv"),
    ("export", "matrix", "--out", "m.csv"),
    ("qdpx", "export", "--out", "p.qdpx"),
    ("themes", "export", "--out", "t.yaml"),
    ("stats", "themes", "--out", "s.docx"),
    ("chart", "themes", "--out", "c.svg"),
]


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: " ".join(c[:2]))
def test_a_copy_without_the_key_exports_nothing_by_default(coder_copy, tmp_path, command):
    *args, out = command
    target = tmp_path / "coder" / out
    r = coder_copy(*args, target, ok=False)
    assert r.exit_code == 3 and not target.exists()
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1
    assert str(tmp_path / "coder" / "project.key") in line and "--key PATH" in line
    assert "VOS_CODER_KEY" in line and "--no-identifier-list" in line


def test_no_identifier_list_exports_with_the_detectors_and_is_audited(coder_copy, tmp_path):
    out = tmp_path / "coder" / "q.md"
    coder_copy("export", "quotes", "--out", out, "--no-identifier-list")
    assert "Ardita" in out.read_text("utf-8")  # what the lead chose to let out, knowingly
    rows = coder_copy.rows("SELECT details FROM audit_log WHERE action = 'export.no_identifier_list'")
    assert [json.loads(r[0]) for r in rows] == [{"what": "quotes export"}]


def test_key_and_env_point_to_the_key_file(coder_copy, tmp_path, monkeypatch):
    lead_key = tmp_path / "project.key"
    out = tmp_path / "coder" / "q.md"
    r = coder_copy("export", "quotes", "--out", out, "--key", lead_key, ok=False)
    assert r.exit_code == 1 and "'Ardita' (person" in r.stderr and not out.exists()
    monkeypatch.setenv("VOS_CODER_KEY", str(lead_key))
    r = coder_copy("export", "quotes", "--out", out, ok=False)
    assert r.exit_code == 1 and "'Ardita' (person" in r.stderr and not out.exists()
    r = coder_copy("check", "--format", "json", ok=False)
    assert r.exit_code == 1 and "Ardita" in {h["matched"] for h in json.loads(r.stdout)}


def test_check_exit_status_tells_clean_from_incomplete_from_hits(coder_copy, tmp_path):
    assert coder_copy("check", ok=False).exit_code == 3
    assert coder_copy("check", "--key", tmp_path / "project.key", ok=False).exit_code == 1
    clean = tmp_path / "clean.key"
    shutil.copy(tmp_path / "project.key", clean)
    data = json.loads(clean.read_text("utf-8"))
    data["identifiers"] = []
    clean.write_text(json.dumps(data), encoding="utf-8")
    assert coder_copy("check", "--key", clean).exit_code == 0
    r = coder_copy("check", "--key", tmp_path / "nowhere.key", ok=False)
    assert r.exit_code == 3 and "nowhere.key" in r.stderr


def test_help_documents_the_exit_statuses():
    from typer.testing import CliRunner

    from vos_coder.cli import app

    out = " ".join(CliRunner().invoke(app, ["check", "--help"]).output.split())
    assert "Exit status: 0 clean" in out and "1 hits found" in out and "3 could not check fully" in out


@pytest.mark.parametrize("command", ["add", "import"])
def test_identifiers_refuse_a_db_that_is_not_a_project(cli, tmp_path, command):
    (tmp_path / "ids.csv").write_text("participant,kind,value\n,person,Besa Krasniqi\n", encoding="utf-8")
    arg = "Besa Krasniqi" if command == "add" else str(tmp_path / "ids.csv")
    r = cli.runner.invoke(__import__("vos_coder.cli", fromlist=["app"]).app,
                          ["identifiers", command, arg, "--db", str(tmp_path / "dmeo.db")])
    assert r.exit_code != 0 and "dmeo.db is not a vos-coder project" in r.stderr
    assert not (tmp_path / "dmeo.key").exists() and not (tmp_path / "dmeo.db").exists()
    (tmp_path / "notes.db").write_text("my notes", encoding="utf-8")
    r = cli.runner.invoke(__import__("vos_coder.cli", fromlist=["app"]).app,
                          ["identifiers", command, arg, "--db", str(tmp_path / "notes.db")])
    assert r.exit_code != 0 and not (tmp_path / "notes.key").exists()
    assert (tmp_path / "notes.db").read_text("utf-8") == "my notes"


def test_an_old_key_file_gets_a_secret_when_first_read(cli, tmp_path):
    key = tmp_path / "project.key"
    data = json.loads(key.read_text("utf-8"))
    del data["secret"]
    key.write_text(json.dumps(data), encoding="utf-8")
    cli("check")
    assert len(bytes.fromhex(json.loads(key.read_text("utf-8"))["secret"])) == 32
