"""The confidentiality commands through the CLI, against real project files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.privacy.conftest import TEXT_04, TEXT_05, span
from vos_coder.store import Project

TEXT = ("Interviewer: Who did you tell first?\n\n"
        "Participant: I told Ardita Hoxha first. Later Arditës mother phoned 069 123 4567 "
        "from Lushnje.\n")


@pytest.fixture
def keyed(cli, tmp_path):
    cli("identifiers", "add", "Ardita Hoxha", "--participant", "VoS-AL-04")
    cli("identifiers", "add", "Lushnjë", "--kind", "place")
    (tmp_path / "VoS-AL-04.txt").write_text(TEXT, encoding="utf-8")
    return cli


def raw(db: Path) -> bytes:
    return b"".join(Path(f"{db}{s}").read_bytes() for s in ("", "-wal", "-shm")
                    if Path(f"{db}{s}").exists())


def test_identifiers_go_to_a_private_key_file_not_the_project(keyed, tmp_path):
    key = tmp_path / "project.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    out = keyed("identifiers", "list", "--format", "json").stdout
    rows = json.loads(out)
    assert {(r["value"], r["placeholder"]) for r in rows} == {("Ardita Hoxha", "[NAME-1]"),
                                                                ("Lushnjë", "[TOWN]")}
    assert b"Ardita" not in raw(keyed.db)
    csv = tmp_path / "ids.csv"
    csv.write_text("participant,kind,value\nVoS-AL-05,person,Blerina Kastrati\n", encoding="utf-8")
    assert "added 1 identifier" in keyed("identifiers", "import", csv).stdout


def test_bad_identifier_input_is_one_line_and_changes_nothing(keyed, tmp_path):
    key = tmp_path / "project.key"
    before = key.read_bytes()
    r = keyed("identifiers", "add", "Mars", "--kind", "planet", ok=False)
    assert r.exit_code != 0 and "unknown identifier kind 'planet'" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("participant,kind,value\n,person,Ok Name\n,planet,Mars\n", encoding="utf-8")
    r = keyed("identifiers", "import", bad, ok=False)
    assert r.exit_code != 0 and "line 3" in r.stderr
    assert key.read_bytes() == before
    r = keyed("identifiers", "list", "--key", tmp_path / "absent.key", ok=False)
    assert r.exit_code != 0 and "no key file" in r.stderr


def test_import_pseudonymise_yes_stores_no_identifier(keyed, tmp_path):
    r = keyed("import", tmp_path / "VoS-AL-04.txt", "--pseudonymise", "--yes")
    assert "4 replacement(s)" in r.stdout
    text = keyed.rows("SELECT text FROM sources")[0][0]
    assert text.endswith("Participant: I told [NAME-1] first. Later [NAME-1] mother phoned "
                         "[PHONE] from [TOWN].\n")
    data = raw(keyed.db)
    for original in ("Ardita", "Arditës", "Hoxha", "Lushnje", "069 123"):
        assert original.encode() not in data, original
    audit = keyed.rows("SELECT details FROM audit_log WHERE action = 'import.pseudonymise'")
    assert json.loads(audit[0][0])["replaced"] == 4


def test_import_shows_the_table_and_rejects_single_replacements(keyed, tmp_path):
    r = keyed("import", tmp_path / "VoS-AL-04.txt", "--pseudonymise", input="4\n")
    assert "Proposed replacements for VoS-AL-04" in r.stderr and "Arditës" in r.stderr
    text = keyed.rows("SELECT text FROM sources")[0][0]
    assert text.endswith("[PHONE] from Lushnje.\n")  # the 4th proposal was kept as it was


def test_import_cancelled_stores_nothing(keyed, tmp_path):
    before = keyed.dump()
    r = keyed("import", tmp_path / "VoS-AL-04.txt", "--pseudonymise", input="q\n", ok=False)
    assert r.exit_code != 0 and "import cancelled" in r.stderr
    assert keyed.rows("SELECT count(*) FROM sources") == [(0,)]
    assert [line for line in keyed.dump() if "sources" in line] == \
        [line for line in before if "sources" in line]


def _coded_project(cli, tmp_path) -> None:
    for name, text in (("VoS-AL-04.txt", TEXT_04), ("VoS-AL-05.txt", TEXT_05)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        cli("import", tmp_path / name)
    with Project.open(cli.db) as p:
        theme = p.themes()[1].path
        p.code(1, *span(TEXT_04, "Ardita from my class said the teacher would help."), theme)
        p.code(2, *span(TEXT_05, "The ferngrove harbour plan helped my sister."), theme)
        for q in ("Q-001", "Q-002"):
            p.set_quote_status(q, "approved")


def test_check_lists_hits_and_exits_1_until_dismissed(keyed, tmp_path):
    _coded_project(keyed, tmp_path)
    r = keyed("check", "--format", "json", ok=False)
    assert r.exit_code == 1
    hits = json.loads(r.stdout)
    assert (hits[0]["participant"], hits[0]["matched"], hits[0]["kind"]) == ("VoS-AL-04", "Ardita", "person")
    assert hits[0]["where"].startswith("Q-001 text")
    # the check reads the whole source too, coded or not, and says where each hit is
    rest = {(h["matched"], h["where"]) for h in hits[1:]}
    at = TEXT_04.index
    assert rest == {("Lushnjë", f"source 1 turn 2 offset {at('Lushnjë')}"),
                    ("Arditës", f"source 1 turn 2 offset {at('Arditës')}"),
                    ("Ardita", f"source 1 turn 4 offset {at('Ardita still')}")}
    r = keyed("check", "dismiss", *(h["hit"] for h in hits))
    assert "dismissed" in r.stdout
    assert keyed("check").exit_code == 0
    assert "check.dismiss" in keyed("audit").stdout


def test_check_without_key_says_so(cli, tmp_path):
    _coded_project(cli, tmp_path)
    (tmp_path / "project.key").unlink()  # a coder's copy: the project file only
    r = cli("check", ok=False)
    assert r.exit_code == 3  # could not check fully
    assert "no identifier list" in r.stderr and "only the pattern detectors ran" in r.stderr
    assert str(tmp_path / "project.key") in r.stderr and "--key PATH" in r.stderr


def test_export_is_refused_until_override_which_is_audited(keyed, tmp_path):
    _coded_project(keyed, tmp_path)
    out = tmp_path / "quotes.md"
    before = keyed.rows("SELECT count(*) FROM audit_log WHERE action LIKE 'export%'")
    r = keyed("export", "quotes", "--format", "md", "--out", out, ok=False)
    assert r.exit_code != 0 and "disclosure hit" in r.stderr and "'Ardita'" in r.stderr
    assert not out.exists()
    assert keyed.rows("SELECT count(*) FROM audit_log WHERE action LIKE 'export%'") == before
    keyed("export", "quotes", "--format", "md", "--out", out, "--allow-flagged")
    assert "Ardita" in out.read_text("utf-8")
    row = keyed.rows("SELECT details FROM audit_log WHERE action = 'export.override'")
    assert json.loads(row[0][0])["hits"] == 1 and "Ardita" not in row[0][0]


def test_redact_after_coding_then_export_passes(keyed, tmp_path):
    _coded_project(keyed, tmp_path)
    r = keyed("redact", "VoS-AL-04", "--match", "Ardita", "--as", "[NAME-1]")
    assert "3 occurrence(s) replaced" in r.stdout
    assert keyed.rows("SELECT text FROM excerpts_with_text WHERE id = 1") == \
        [("[NAME-1] from my class said the teacher would help.",)]
    out = tmp_path / "quotes.md"
    keyed("export", "quotes", "--format", "md", "--out", out)
    assert r"\[NAME-1\] from my class" in out.read_text("utf-8")  # markdown escapes [ ]
    assert b"Ardita" not in raw(keyed.db)


def test_redact_bad_input_changes_nothing(keyed, tmp_path):
    _coded_project(keyed, tmp_path)
    before = keyed.dump()
    r = keyed("redact", "VoS-AL-04", "--match", "Zzyzx", "--as", "[X]", ok=False)
    assert r.exit_code != 0 and r.stderr.startswith("Error:") and "Zzyzx" in r.stderr
    r = keyed("redact", "99", "--match", "Ardita", "--as", "[X]", ok=False)
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert keyed.dump() == before


def test_sources_edit_keeps_codings_on_their_words(cli, tmp_path):
    _coded_project(cli, tmp_path)
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(TEXT_04.replace("How did the school respond?", "How did your school respond?"),
                     encoding="utf-8")
    r = cli("sources", "edit", "1", "--file", fixed)
    assert "re-anchored" in r.stdout
    (start, end, text), = cli.rows('SELECT start, "end", text FROM excerpts_with_text WHERE id = 1')
    assert text == "Ardita from my class said the teacher would help."
    assert cli.rows("SELECT substr(text, ?, ?) FROM sources WHERE id = 1",
                    (start + 1, end - start)) == [(text,)]


def test_sources_edit_names_a_quote_whose_words_are_all_gone_and_how_to_uncode_it(cli, tmp_path):
    _coded_project(cli, tmp_path)
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(TEXT_04.replace("Ardita from my class said the teacher would help. ", ""),
                     encoding="utf-8")
    r = cli("sources", "edit", "1", "--file", fixed)
    (start, end), = cli.rows('SELECT start, "end" FROM excerpts WHERE id = 1')
    assert end == start + 1
    warning = (f"warning: every word of Q-001 was removed; its codings now mark one character "
               f"({start}:{end}); if they no longer apply: vos-coder uncode 1 --span {start}:{end}")
    assert r.stderr.splitlines() == [warning]
    cli("uncode", "1", "--span", f"{start}:{end}")  # the command given works as written
    assert cli.rows("SELECT count(*) FROM codings c JOIN excerpts e ON e.id = c.excerpt_id "
                    "WHERE e.source_id = 1") == [(0,)]


def test_withdraw_and_purge(cli, tmp_path):
    _coded_project(cli, tmp_path)
    r = cli("participants", "withdraw", "VoS-AL-05")
    assert "withdrawn" in r.stdout
    assert "ferngrove" not in cli("query", "--format", "json").stdout
    assert b"ferngrove harbour" in raw(cli.db)
    r = cli("participants", "withdraw", "VoS-AL-05", "--purge")
    assert "purged" in r.stdout
    data = raw(cli.db)
    assert b"ferngrove" not in data and b"ferngrove harbour plan" not in data
    assert b"zebraquartz" in data  # the other participant stays
    assert "participant.purge" in cli("audit", "--format", "json").stdout
    r = cli("participants", "withdraw", "VoS-AL-99", ok=False)
    assert r.exit_code != 0 and "VoS-AL-99" in r.stderr


def test_backup_is_0600_and_refuses_to_overwrite(cli, tmp_path):
    out = tmp_path / "backup.db"
    cli("backup", "--out", out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    before = out.read_bytes()
    r = cli("backup", "--out", out, ok=False)
    assert r.exit_code != 0 and "already exists" in r.stderr
    assert out.read_bytes() == before


def test_check_fix_redacts_the_hit_where_it_lives(keyed, tmp_path):
    _coded_project(keyed, tmp_path)
    hits = json.loads(keyed("check", "--format", "json", ok=False).stdout)
    r = keyed("check", "fix", hits[0]["hit"])
    assert "replaced with [NAME-1]" in r.stdout  # every form of it in the source
    left = json.loads(keyed("check", "--format", "json", ok=False).stdout)
    assert [h["matched"] for h in left] == ["Lushnjë"]
    keyed("check", "fix", left[0]["hit"])
    assert keyed("check").exit_code == 0
    assert keyed.rows("SELECT text FROM excerpts_with_text WHERE id = 1") == \
        [("[NAME-1] from my class said the teacher would help.",)]
    before = keyed.dump()
    r = keyed("check", "fix", "0123456789ab", ok=False)
    assert r.exit_code != 0 and "no disclosure hit named" in r.stderr
    assert keyed.dump() == before


DRITA = ("Interviewer: Who helped you then?\n\n"
         "Participant: Drita e mori vesh e para. Pastaj drita e mëngjesit më zgjoi.\n")


def test_an_exact_name_part_opening_a_sentence_blocks_check_and_export(cli, tmp_path):
    """"Drita" (also the light) spelt as the list spells it, opening a sentence
    of a text that never writes "Drita Kola": check fails and the export is
    refused until the hit is dismissed; lower-case "drita" stays advisory."""
    cli("identifiers", "add", "Drita Kola", "--participant", "VoS-AL-06")
    (tmp_path / "VoS-AL-06.txt").write_text(DRITA, encoding="utf-8")
    cli("import", tmp_path / "VoS-AL-06.txt")
    with Project.open(cli.db) as p:
        p.code(1, *span(DRITA, "Drita e mori vesh e para."), p.themes()[1].path)
        p.set_quote_status("Q-001", "approved")
    r = cli("check", "--format", "json", ok=False)
    assert r.exit_code == 1
    hits = {(h["matched"], h["advisory"]): h for h in json.loads(r.stdout)}
    assert set(hits) == {("Drita", False), ("drita", True)}
    out = tmp_path / "q.md"
    r = cli("export", "quotes", "--format", "md", "--out", out, ok=False)
    assert r.exit_code != 0 and "'Drita'" in r.stderr and not out.exists()
    cli("check", "dismiss", hits[("Drita", False)]["hit"])
    assert cli("check").exit_code == 0  # the advisory one alone does not fail it
    cli("export", "quotes", "--format", "md", "--out", out)
    assert "Drita e mori vesh" in out.read_text("utf-8")
