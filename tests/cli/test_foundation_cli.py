"""The foundation through the command line: init, import, code, query, stats."""

import json
import os
import zipfile

import pytest

from vos_coder.store import Project
from vos_coder.store.migrations import SCHEMA_VERSION

CONVERSATION = (
    "Interviewer: Who did you tell first?\r\n\r\n"
    "Participant: Nobody at school. In our town everyone talks, so I kept quiet.\r\n\r\n"
    "Interviewer: And later?\r\n\r\n"
    "Participant: Later a psychologist at Qendra Shpresë listened to me.\r\n"
)


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "VoS-AL-04.txt"
    path.write_bytes(CONVERSATION.encode("utf-8"))
    return path


def test_init_creates_private_file_and_refuses_twice(tmp_path, cli):
    assert oct(os.stat(cli.db).st_mode & 0o777) == "0o600"
    r = cli("init", ok=False)
    assert r.exit_code != 0 and "already exists" in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_db_from_environment(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from vos_coder.cli import app

    monkeypatch.setenv("VOS_CODER_DB", str(tmp_path / "env.db"))
    r = CliRunner().invoke(app, ["init", "--codebook", "empty"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "env.db").exists()


def test_import_code_query_stats(cli, transcript):
    r = cli("import", transcript, "-v")
    assert "VoS-AL-04" in r.stdout
    [(text,)] = cli.rows("SELECT text FROM sources")
    assert "\r" not in text and "Shpresë" in text
    assert cli.rows("SELECT n, speaker FROM turns ORDER BY n") == [
        (1, "Interviewer"), (2, "Participant"), (3, "Interviewer"), (4, "Participant")]
    cli("code", "VoS-AL-04", "--theme", "Culture of silence", "--theme", "Stigma of seeking help",
        "--match", "Nobody at school.")
    cli("code", "VoS-AL-04", "-t", "Access to free or subsidised psychologists",
        "--match", "a psychologist at Qendra Shpresë listened to me")
    rows = json.loads(cli("query", "--theme", "Stigma and shame", "--format", "json").stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["participant"] == "VoS-AL-04" and row["text"] == "Nobody at school."
    assert text[row["start"]:row["end"]] == row["text"]
    assert row["themes"] == ["Stigma and shame/Culture of silence", "Stigma and shame/Stigma of seeking help"]
    stats = {s["theme"]: s for s in json.loads(cli("stats", "--format", "json").stdout)}
    assert stats["Stigma and shame"]["excerpts"] == 1
    assert stats["Stigma and shame"]["participants"] == 1
    assert stats["Support services"]["share"] == "100% (n=1)"
    assert stats["Reporting mechanisms"]["share"] == "0% (n=0)"
    table = cli("stats").stdout
    assert "100% (n=1)" in table


def test_query_filters(cli, transcript, tmp_path):
    cli("import", transcript)
    other = tmp_path / "VoS-AL-05_interview.txt"
    other.write_text("Participant: At school a teacher helped me report it.\n", encoding="utf-8")
    cli("import", other)
    cli("participants", "set", "VoS-AL-05", "town_type=rural")
    cli("code", "VoS-AL-04", "-t", "Culture of silence", "--match", "I kept quiet")
    cli("code", "VoS-AL-05", "-t", "Psychosocial support in schools", "--match", "a teacher helped me")
    def q(*args):
        return [r["participant"] for r in json.loads(cli("query", *args, "--format", "json").stdout)]
    assert q() == ["VoS-AL-04", "VoS-AL-05"]
    assert q("--where", "town_type=rural") == ["VoS-AL-05"]
    assert q("--participant", "VoS-AL-04") == ["VoS-AL-04"]
    assert q("--search", "teacher") == ["VoS-AL-05"]
    csv_out = cli("query", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("participant,group,source")
    md = cli("query", "--format", "md").stdout
    assert md.startswith("| participant |")
    r = cli("query", "--where", "town=rural", ok=False)
    assert r.exit_code != 0 and "town_type" in r.stderr  # suggests the closest attribute


def test_uncode_and_undo(cli, transcript):
    cli("import", transcript)
    cli("code", "VoS-AL-04", "-t", "Culture of silence", "--match", "I kept quiet", "--coder", "ana")
    cli("uncode", "VoS-AL-04", "--match", "I kept quiet", "--coder", "ana")
    assert cli.rows("SELECT count(*) FROM codings") == [(0,)]
    cli("undo", "--coder", "ana")
    assert cli.rows("SELECT count(*) FROM codings") == [(1,)]
    cli("redo", "--coder", "ana")
    assert cli.rows("SELECT count(*) FROM codings") == [(0,)]


BAD_FILES = {
    "VoS-AL-01.txt": (b"", "empty"),
    "VoS-AL-02.txt": (b"   \n\n  ", "empty"),
    "VoS-AL-03.txt": (bytes(range(256)) * 8, ""),
    "VoS-AL-05.txt": (b"Participant: hello\x00world\n", "NUL"),
    "VoS-AL-06.docx": (b"this is not a zip", "docx"),
    "VoS-AL-07.pdf": (b"%PDF-1.4", ".txt"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_get_one_clear_line_and_store_nothing(cli, tmp_path, name):
    data, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = cli.dump()
    r = cli("import", path, ok=False)
    assert r.exit_code != 0
    assert "Traceback" not in r.output + r.stderr
    assert name in r.stderr and words in r.stderr
    assert cli.dump() == before


def test_zip_that_is_not_a_docx_and_unreadable_paths(cli, tmp_path):
    fake = tmp_path / "VoS-AL-01.docx"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("hello.txt", "hi")
    before = cli.dump()
    for path in (fake, tmp_path / "VoS-AL-02.txt", tmp_path):
        r = cli("import", path, ok=False)
        assert r.exit_code != 0 and "Traceback" not in r.output + r.stderr
    assert cli.dump() == before


def test_many_files_good_ones_land_failures_listed(cli, tmp_path, transcript):
    bad = tmp_path / "VoS-AL-09.txt"
    bad.write_bytes(b"")
    nameless = tmp_path / "notes.txt"
    nameless.write_text("Participant: some words\n")
    r = cli("import", transcript, bad, nameless, ok=False)
    assert r.exit_code == 1
    assert "VoS-AL-09.txt" in r.stderr and "notes.txt" in r.stderr and "--participant" in r.stderr
    assert cli.rows("SELECT p.pid FROM sources s JOIN participants p ON p.id = s.participant_id") == [
        ("VoS-AL-04",)]
    r = cli("import", transcript, "-v")
    assert "skipped" in r.stderr and cli.rows("SELECT count(*) FROM sources") == [(1,)]


def test_identifier_outside_the_scheme_needs_participant(cli, tmp_path):
    path = tmp_path / "VoS-CO-01.txt"  # Colombia is not in this project's scheme
    path.write_text("Participant: hola\n")
    r = cli("import", path, ok=False)
    assert r.exit_code != 0 and "--participant" in r.stderr
    cli("import", path, "--participant", "VoS-CO-01")
    assert cli.rows("SELECT pid FROM participants") == [("VoS-CO-01",)]


def test_legacy_encoding_is_read_with_a_warning(cli, tmp_path):
    path = tmp_path / "VoS-AL-03.txt"
    path.write_bytes("Participant: Në shkollë askush nuk e dinte, çfarë ndodhi.\r\n".encode("cp1252"))
    r = cli("import", path)
    assert "warning" in r.stderr.lower()
    [(text,)] = cli.rows("SELECT text FROM sources")
    assert "shkollë" in text and "çfarë" in text


def test_unknown_names_are_refused_with_suggestions(cli, transcript):
    cli("import", transcript)
    before = cli.dump()
    r = cli("code", "VoS-AL-04", "-t", "Culture of silense", "--match", "I kept quiet", ok=False)
    assert r.exit_code != 0 and "Culture of silence" in r.stderr
    r = cli("code", "VoS-AL-04", "-t", "Culture of silence", "--span", "40:10", ok=False)
    assert r.exit_code != 0 and "START:END" in r.stderr
    r = cli("code", "VoS-AL-04", "-t", "Culture of silence", "--span", "0:99999", ok=False)
    assert r.exit_code != 0 and "outside" in r.stderr
    r = cli("code", "VoS-AL-44", "-t", "Culture of silence", "--span", "0:5", ok=False)
    assert r.exit_code != 0 and "VoS-AL-04" in r.stderr
    r = cli("code", "VoS-AL-04", "-t", "Culture of silence", ok=False)
    assert r.exit_code != 0 and "--match" in r.stderr
    assert cli.dump() == before


def test_newer_project_file_is_refused(cli):
    from vos_coder.store.engine import sqlite as sqlite3

    conn = sqlite3.connect(cli.db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    r = cli("themes", "list", ok=False)
    assert r.exit_code != 0 and "newer vos-coder" in r.stderr


def test_themes_commands(cli, tmp_path):
    cli("themes", "add", "Peer support", "--parent", "Support services", "--colour", "#123456")
    cli("themes", "rename", "Peer support", "Support from peers [friends]")
    cli("themes", "describe", "Support from peers [friends]", "--description", "Help from friends.")
    cli("themes", "move", "Support from peers [friends]", "--parent", "Stigma and shame")
    listing = cli("themes", "list").stdout
    assert "Support from peers [friends]" in listing  # brackets are text, not markup
    data = json.loads(cli("themes", "list", "--format", "json").stdout)
    row = next(r for r in data if r["theme"].endswith("[friends]"))
    assert row["theme"] == "Stigma and shame/Support from peers [friends]"
    assert row["description"] == "Help from friends." and row["colour"] == "#123456"
    out = tmp_path / "codebook.yaml"
    cli("themes", "export", "--out", out)
    assert "Support from peers [friends]" in out.read_text()
    r = cli("themes", "export", "--out", out, ok=False)
    assert r.exit_code != 0 and "--force" in r.stderr
    cli("themes", "merge", "Support from peers [friends]", "--into", "Culture of silence")
    cli("themes", "delete", "Compensation and remedies")
    names = [r["theme"] for r in json.loads(cli("themes", "list", "--format", "json").stdout)]
    assert "Reporting mechanisms/Compensation and remedies" not in names
    fresh = tmp_path / "fresh.db"
    with Project.create(fresh, codebook="empty"):
        pass
    from typer.testing import CliRunner

    from vos_coder.cli import app

    r = CliRunner().invoke(app, ["themes", "import", str(out), "--db", str(fresh)])
    assert r.exit_code == 0 and "22 theme(s) added" in r.stdout  # the starter 21 + Peer support
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes: [unclosed\n")
    r = CliRunner().invoke(app, ["themes", "import", str(bad), "--db", str(fresh)])
    assert r.exit_code != 0 and "not valid YAML" in r.stderr


def test_participants_commands(cli, transcript):
    cli("import", transcript)
    cli("participants", "set", "VoS-AL-04", "age=19", "town_type=small town", "support=legal;psychological")
    data = json.loads(cli("participants", "list", "--format", "json").stdout)
    assert data == [{"participant": "VoS-AL-04", "group": "survivor", "consent": "active", "sources": 1,
                     "attributes": {"age": "19", "town_type": "small town",
                                    "support": ["legal", "psychological"]}}]
    shown = cli("participants", "show", "VoS-AL-04").stdout
    assert "town_type: small town" in shown
    cli("participants", "set", "VoS-AL-04", "age=")
    data = json.loads(cli("participants", "show", "VoS-AL-04", "--format", "json").stdout)
    assert "age" not in data[0]["attributes"]


def test_a_misspelt_group_is_refused_unless_new(cli, transcript):
    cli("import", transcript)
    before = cli.dump()
    r = cli("participants", "set", "VoS-AL-04", "age=19", "--group", "survivors", ok=False)
    assert r.exit_code != 0 and "did you mean 'survivor'" in r.stderr
    assert cli.dump() == before  # the attribute was not set either: one transaction
    cli("participants", "set", "VoS-AL-04", "--group", "peer supporter", "--new-group")
    assert cli.rows("SELECT grp FROM participants") == [("peer supporter",)]
