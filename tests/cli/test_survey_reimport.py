"""Survey re-import with --text-columns (issue 18, item 5): the open answers
move from participant attributes to sources in the import's one transaction,
said in its line, and never stay both; `export matrix` no longer carries them.
A fictional survey; the planted words stand for a respondent's own words."""

from __future__ import annotations

import csv

import pytest

from tests.cli.conftest import Cli

PLANT = "Marigold Teashop Outreach"  # text only an open answer holds


def _survey(tmp_path):
    path = tmp_path / "workers.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["respondent", "gender", "years_experience", "open_awareness"])
        w.writerow(["F01", "woman", "3", f"We run the {PLANT} evenings for parents."])
        w.writerow(["F02", "man", "12", "Most teachers do not know the Quillfeather line."])
        w.writerow(["F03", "woman", "7", ""])
    return path


def _attribute_names(cli: Cli) -> set[str]:
    return {r[0] for r in cli.rows("SELECT DISTINCT name FROM participant_attributes")}


def _matrix(cli: Cli, tmp_path, name: str) -> str:
    out = tmp_path / name
    cli("export", "matrix", "--out", out, "--group", "frontline worker")
    return out.read_text(encoding="utf-8")


def test_reimport_with_text_columns_moves_the_answers_out_of_the_attributes(tmp_path):
    cli = Cli(tmp_path / "p.db")
    cli("init")
    survey = _survey(tmp_path)
    r = cli("import", survey, "--id-column", "respondent")
    assert "without --text-columns no open answer becomes a source" in r.stderr
    assert "open_awareness" in _attribute_names(cli)
    assert PLANT in _matrix(cli, tmp_path, "before.csv")  # the leak this fixes, seen first

    r = cli("import", survey, "--id-column", "respondent", "--text-columns", "open_awareness")
    assert ("imported workers.csv: 2 answers; moved open_awareness from participant attributes "
            "to answers (sources) for 2 respondent(s)") in r.stdout  # F03 left it empty
    assert _attribute_names(cli) == {"gender", "years_experience"}
    assert cli.rows("SELECT p.pid, s.origin FROM sources s JOIN participants p "
                    "ON p.id = s.participant_id ORDER BY p.pid") == [
        ("F01", "workers.csv:open_awareness"), ("F02", "workers.csv:open_awareness")]
    matrix = _matrix(cli, tmp_path, "after.csv")
    assert PLANT not in matrix and "Quillfeather" not in matrix
    assert "open_awareness" not in matrix.splitlines()[0]
    [(details,)] = cli.rows("SELECT details FROM audit_log WHERE action = 'import.survey' "
                            "ORDER BY id DESC LIMIT 1")
    assert '"moved_to_sources": ["open_awareness"]' in details and PLANT not in details


def test_reimport_without_text_columns_keeps_stored_answers_as_sources(tmp_path):
    cli = Cli(tmp_path / "p.db")
    cli("init")
    survey = _survey(tmp_path)
    cli("import", survey, "--id-column", "respondent", "--text-columns", "open_awareness")
    r = cli("import", survey, "--id-column", "respondent")
    assert ("imported workers.csv: 0 answers (2 already in the project); open_awareness kept as "
            "answers (sources), as imported before, not made attributes") in r.stdout
    assert "without --text-columns" not in r.stderr
    assert _attribute_names(cli) == {"gender", "years_experience"}
    assert cli.rows("SELECT count(*) FROM sources") == [(2,)]
    assert PLANT not in _matrix(cli, tmp_path, "m.csv")


@pytest.mark.parametrize("columns", ["open_awarenes", "respondent_notes"])
def test_a_reimport_naming_a_missing_column_changes_nothing(tmp_path, columns):
    cli = Cli(tmp_path / "p.db")
    cli("init")
    survey = _survey(tmp_path)
    cli("import", survey, "--id-column", "respondent")
    before = cli.dump()
    r = cli("import", survey, "--id-column", "respondent", "--text-columns", columns, ok=False)
    assert r.exit_code == 1 and f"no open-answer column {columns!r}" in r.stderr
    assert cli.dump() == before
