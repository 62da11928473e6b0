"""Found in the quality pass: tables and codebooks are written whole or not at
all, never over an existing file without --force; the format follows the file
name; a misspelt coder, attribute or group is refused with the names that exist."""

from __future__ import annotations

import csv
import json

import pytest
import yaml
from openpyxl import load_workbook

from vos_coder.core.fuzzy import closest, closest_or_all
from vos_coder.exporters import analysis_tables
from vos_coder.exporters.analysis_tables import export_codings, export_matrix
from vos_coder.store import Project


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("command", ["codings", "matrix"])
def test_table_exports_refuse_to_overwrite_without_force(demo_cli, tmp_path, command):
    out = tmp_path / "table.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    r = demo_cli("export", command, "--out", out, ok=False)
    assert r.exit_code != 0 and "pass --force" in r.stderr
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    demo_cli("export", command, "--out", out, "--force")
    assert next(csv.reader(out.open(encoding="utf-8")))[0] == "participant"


def test_a_failing_table_writer_leaves_no_half_file(demo_path, tmp_path, monkeypatch):
    out = tmp_path / "codings.csv"
    out.write_text("the old table\n", encoding="utf-8")

    def broken(table, path, advance=None):
        path.write_text("participant,gro", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(analysis_tables, "write_csv", broken)
    with Project.open(demo_path) as p:
        before = len(p.audit_log("export.codings"))
        with pytest.raises(Exception, match="No space left"):
            export_codings(p, out, "csv", force=True)
        assert len(p.audit_log("export.codings")) == before
    assert out.read_text(encoding="utf-8") == "the old table\n"
    assert _leftovers(tmp_path) == []


def test_table_export_api_checks_suffix_and_audits_the_written_bytes(demo_project, tmp_path):
    with pytest.raises(Exception, match="writes .xlsx files"):
        export_matrix(demo_project, tmp_path / "m.csv", "xlsx")
    assert not (tmp_path / "m.csv").exists()
    out = tmp_path / "m.xlsx"
    people, _themes = export_matrix(demo_project, out, "xlsx", group="survivor")
    assert load_workbook(out).active.max_row == people + 1
    entry = demo_project.audit_log("export.matrix")[-1].details
    assert entry["count"] == people and entry["filters"] == {"group": "survivor"}
    import hashlib
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_the_format_follows_the_file_name(demo_cli, tmp_path):
    demo_cli("export", "quotes", "--out", tmp_path / "appendix.md")
    assert "\n# Reporting mechanisms\n" in (tmp_path / "appendix.md").read_text(encoding="utf-8")
    demo_cli("export", "codings", "--out", tmp_path / "codings.json")
    assert json.loads((tmp_path / "codings.json").read_text(encoding="utf-8"))[0]["participant"]
    demo_cli("export", "matrix", "--out", tmp_path / "matrix.xlsx")
    assert load_workbook(tmp_path / "matrix.xlsx").active["A1"].value == "participant"
    r = demo_cli("export", "codings", "--out", tmp_path / "codings.txt", ok=False)
    assert r.exit_code != 0 and "pass --format csv|xlsx|json" in r.stderr
    assert not (tmp_path / "codings.txt").exists()


@pytest.mark.parametrize("args", [
    ["export", "codings", "--coder", "nobdy", "--out", "OUT"],
    ["export", "matrix", "--coder", "nobdy", "--out", "OUT"],
    ["query", "--coder", "nobdy"],
    ["stats", "themes", "--coder", "nobdy"],
])
def test_a_misspelt_coder_is_refused_not_an_empty_result(demo_cli, tmp_path, args):
    out = tmp_path / "t.csv"
    r = demo_cli(*[str(out) if a == "OUT" else a for a in args], ok=False)
    assert r.exit_code != 0
    assert "no coder named 'nobdy'; did you mean 'demo'?" in r.stderr
    assert not out.exists()


def test_unknown_attribute_and_group_name_what_exists(demo_cli):
    r = demo_cli("stats", "themes", "--by", "city_type", ok=False)
    assert r.exit_code != 0 and "no attribute named 'city_type'" in r.stderr
    assert "'town_type'" in r.stderr and "'gender'" in r.stderr
    r = demo_cli("stats", "themes", "--group", "teachers", ok=False)
    assert r.exit_code != 0 and "'frontline worker', 'survivor'" in r.stderr


def test_suggestions_do_not_depend_on_the_order_of_the_names():
    names = ["gamma_b", "gamma_a", "gamma_c", "gamma_d"]
    assert closest("gamma", names) == closest("gamma", list(reversed(names)))
    assert closest("gamma", set(names)) == sorted(closest("gamma", names))
    assert closest_or_all("zzz", ["b", "a"]) == ["a", "b"]
    assert closest_or_all("zzz", [f"n{i}" for i in range(20)]) == []


def test_themes_export_is_atomic_checks_the_name_and_counts(demo_cli, tmp_path):
    out = tmp_path / "codebook.yml"
    r = demo_cli("themes", "export", "--out", out)
    assert "21 theme(s)" in r.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["themes"][0]["name"]
    r = demo_cli("themes", "export", "-f", "json", "--out", tmp_path / "codebook.yaml", ok=False)
    assert r.exit_code != 0 and "writes .json files" in r.stderr
    r = demo_cli("themes", "export", "--out", tmp_path / "codebook.txt", ok=False)
    assert r.exit_code != 0 and "--format yaml|json|qdc" in r.stderr
    demo_cli("themes", "export", "--out", tmp_path / "codebook.qdc")
    assert _leftovers(tmp_path) == [] and not (tmp_path / "codebook.txt").exists()


def test_match_searches_all_of_a_respondents_answers(cli, tmp_path):
    survey = tmp_path / "survey.csv"
    survey.write_text("respondent,gender,open_a,open_b\n"
                      "FW-01,woman,The helpline is known in the capital.,Legal aid is missing.\n",
                      encoding="utf-8")
    cli("import", survey, "--id-column", "respondent", "--text-columns", "open_a,open_b")
    r = cli("code", "FW-01", "--match", "Legal aid is missing", "-t", "Range of support")
    assert "coded FW-01 0:20" in r.stdout
    rows = cli.rows("SELECT s.title, e.start, e.\"end\" FROM excerpts e JOIN sources s ON s.id = e.source_id")
    assert rows == [("FW-01 open_b", 0, 20)]
    before = cli.dump()
    r = cli("code", "FW-01", "--match", "is", "-t", "Range of support", ok=False)
    assert r.exit_code != 0 and "occurs 3 times in FW-01's sources" in r.stderr
    r = cli("code", "FW-01", "--match", "nowhere", "-t", "Range of support", ok=False)
    assert r.exit_code != 0 and "'nowhere' is not in FW-01's sources" in r.stderr
    assert cli.dump() == before
    cli("uncode", "FW-01", "--match", "Legal aid is missing")
    assert cli.rows("SELECT count(*) FROM codings") == [(0,)]


def test_reimport_and_survey_without_answers_say_what_happened(cli, tmp_path):
    f = tmp_path / "VoS-AL-04.txt"
    f.write_text("Interviewer: Hello.\nParticipant: Hello.\n", encoding="utf-8")
    cli("import", f)
    r = cli("import", f, "-v")
    assert "is already in the project" in r.stderr and "skipped" not in r.stderr.split(":", 1)[1]
    survey = tmp_path / "survey.csv"
    survey.write_text("respondent,gender,open_a\nFW-01,woman,An answer.\n", encoding="utf-8")
    r = cli("import", survey)
    assert "0 answers" in r.stdout and "--text-columns" in r.stderr


def test_messages_name_the_argument_the_user_gave(demo_cli, tmp_path):
    before = demo_cli.dump()
    r = demo_cli("participants", "set", "VoS-AL-01", "age", ok=False)
    assert r.exit_code != 0 and "attribute 'age' must be ATTRIBUTE=VALUE" in r.stderr
    assert "--where" not in r.stderr
    r = demo_cli("chart", "themes", "--out", tmp_path / "c.jpg", ok=False)
    assert r.exit_code != 0 and "end --out in .png or .svg" in r.stderr and "--format" not in r.stderr
    r = demo_cli("stats", "themes", "--out", tmp_path / "t.xlsx", ok=False)
    assert r.exit_code != 0 and "end --out in .docx" in r.stderr
    assert demo_cli.dump() == before
    r = demo_cli("participants", "show", "VoS-AL-01")
    assert "source ids: 1" in r.stdout and "coded passages per theme:" in r.stdout


def _freeze_clock(monkeypatch, second: int) -> None:
    """Every clock reading (datetime.now, time.localtime) says 07:08:<second>."""
    import datetime

    real = datetime.datetime

    class Clock(real):
        @classmethod
        def now(cls, tz=None):
            return real(2031, 5, 6, 7, 8, second, tzinfo=tz)

    monkeypatch.setattr(datetime, "datetime", Clock)
    monkeypatch.setattr("time.localtime", lambda *a: (2031, 5, 6, 7, 8, second, 0, 0, 0))


@pytest.mark.parametrize("args", [["export", "codings", "--out", "t.xlsx"],
                                  ["export", "matrix", "--out", "t.xlsx"],
                                  ["qdpx", "export", "--out", "t.qdpx"]])
def test_zip_exports_are_byte_for_byte_repeatable(demo_cli, tmp_path, monkeypatch, args):
    import zipfile

    outs = []
    for second in (1, 59):
        _freeze_clock(monkeypatch, second)
        out = tmp_path / f"{second}" / args[-1]
        out.parent.mkdir()
        demo_cli(*args[:-1], out)
        outs.append(out.read_bytes())
        with zipfile.ZipFile(out) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        monkeypatch.undo()
    assert outs[0] == outs[1]


def test_a_second_qdpx_import_sums_up_its_notes(demo_cli, tmp_path):
    from tests.cli.conftest import Cli

    demo_cli("qdpx", "export", "--out", tmp_path / "demo.qdpx")
    copy = Cli(tmp_path / "copy.db")
    copy("qdpx", "import", tmp_path / "demo.qdpx", "--init")
    r = copy("qdpx", "import", tmp_path / "demo.qdpx")
    notes = [line for line in r.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 10 and notes[-1] == "note: ... and 57 more note(s) like these"
    assert "is already in the project" in notes[0]
