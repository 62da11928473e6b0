"""`vos-coder verify` through the CLI runner: the table, JSON, the exit status
that gates a release, and bad drafts as one clear line."""

from __future__ import annotations

import json

import pytest

from tests.verify.conftest import WRITERS, plant
from vos_coder.store import Project


@pytest.fixture
def planted_cli(demo_cli):
    with Project.open(demo_cli.db) as p:
        items = plant(p)
    return demo_cli, items


def test_table_and_summary_and_failing_exit(planted_cli, tmp_path):
    cli, items = planted_cli
    draft = WRITERS["docx"](tmp_path / "draft.docx", items)
    before = cli.dump()
    result = cli("verify", draft, ok=False)
    assert result.exit_code == 1
    out = result.stdout
    for verdict in ("exact", "faithful", "altered", "not found", "wrong attribution",
                    "withdrawn participant", "not an approved quote"):
        assert verdict in out
    assert "Summary" in out and "{+purple+}" in out.replace("\n", "")
    bad = sum(it.expected not in ("exact", "faithful") for it in items)
    assert f"{bad} of {len(items)} quotations are not exact or faithful" in result.stderr
    assert cli.dump() == before  # verifying changes nothing


def test_json_for_scripts(planted_cli, tmp_path):
    cli, items = planted_cli
    result = cli("verify", WRITERS["md"](tmp_path / "draft.md", items), "--format", "json", ok=False)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [v["verdict"] for v in data["verdicts"]] == [it.expected for it in items]
    assert data["ok"] is False and data["quotations"] == len(items)
    altered = next(v for v in data["verdicts"] if v["verdict"] == "altered")
    assert altered["participant"] == "VoS-AL-02" and "[-" in altered["diff"]


def test_a_clean_draft_exits_zero(planted_cli, tmp_path):
    cli, items = planted_cli
    good = [it for it in items if it.expected in ("exact", "faithful")]
    result = cli("verify", WRITERS["html"](tmp_path / "good.html", good))
    assert result.exit_code == 0
    assert f"all {len(good)} quotations are exact or faithful" in result.stderr


def test_a_draft_without_quotations_says_so(demo_cli, tmp_path):
    draft = tmp_path / "plain.txt"
    draft.write_text("Just prose about the findings, with no quotation at all.\n", encoding="utf-8")
    result = demo_cli("verify", draft)
    assert "no quotations found in plain.txt" in result.stderr


@pytest.mark.parametrize("name,data,message", [
    ("missing.docx", None, "no such file"),
    ("fake.docx", b"this is not a word document", "not a Word document"),
    ("empty.md", b"", "the draft is empty"),
    ("draft.odt", b"whatever", "unknown draft type"),
])
def test_bad_drafts_are_one_line_and_change_nothing(demo_cli, tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    before = demo_cli.dump()
    result = demo_cli("verify", path, ok=False)
    assert result.exit_code == 2  # the check could not run (1 is a failing draft)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0]
    assert "Traceback" not in result.output
    assert demo_cli.dump() == before


def test_missing_project_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from vos_coder.cli import app

    draft = tmp_path / "d.md"
    draft.write_text("> A quotation.\n\n(VoS-AL-01)\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(draft), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no project at" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_help_has_an_example(demo_cli):
    result = demo_cli.runner.invoke(__import__("vos_coder.cli", fromlist=["app"]).app, ["verify", "--help"])
    assert "Example: vos-coder verify" in result.output


def test_a_missing_key_file_is_one_line(planted_cli, tmp_path):
    cli, items = planted_cli
    draft = WRITERS["md"](tmp_path / "d.md", items[:1])
    result = cli("verify", draft, "--key", tmp_path / "absent.key", ok=False)
    assert result.exit_code == 3  # could not check fully
    assert result.stderr.strip().startswith("Error: no key file at") and len(result.stderr.strip().splitlines()) == 1


def test_the_disclosure_check_takes_part(planted_cli, tmp_path):
    cli, _ = planted_cli
    draft = tmp_path / "d.md"
    draft.write_text("> You can reach me at 069 123 4567 any evening.\n\n(VoS-AL-01)\n", encoding="utf-8")
    result = cli("verify", draft, "--format", "json", ok=False)
    data = json.loads(result.stdout)
    assert data["disclosure_checked"] is True
    assert data["verdicts"][0]["verdict"] == "flagged identifier"
    assert "not available" not in result.stderr
