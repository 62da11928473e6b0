"""`vos-coder stats ...` and `vos-coder chart ...` through the CLI runner."""

import csv
import io
import json

import docx
import pytest

from tests.cli.conftest import Cli
from tests.exporters.quote_fixture import build_quote_project

SHARES = ["56% (n=28)", "50% (n=25)", "40% (n=20)", "34% (n=17)", "28% (n=14)", "24% (n=12)",
          "16% (n=8)", "16% (n=8)", "10% (n=5)", "6% (n=3)", "6% (n=3)", "6% (n=3)", "4% (n=2)",
          "2% (n=1)", "2% (n=1)"]


@pytest.fixture
def demo(demo_path):
    return Cli(demo_path)


@pytest.fixture
def qcli(tmp_path):
    path = tmp_path / "quotes.db"
    build_quote_project(path).close()
    return Cli(path)


def test_briefing_paper_table_from_the_sample_survey(demo):
    args = ["stats", "attributes", "--group", "frontline worker", "disclosure_barriers"]
    rows = json.loads(demo(*args, "--format", "json").output)
    assert [r["share"] for r in rows] == SHARES
    assert {r["total"] for r in rows} == {50}
    table = demo(*args).output
    positions = [table.index(s) for s in dict.fromkeys(SHARES)]
    assert positions == sorted(positions)  # printed in order of share
    assert "multi-select, 50 participants" in table
    md = demo(*args, "--format", "md").output.splitlines()
    assert md[0] == "| attribute | value | n | total | percent | share |" and len(md) == 2 + 15


def test_attributes_to_word_table(demo, tmp_path):
    out = tmp_path / "barriers.docx"
    demo("stats", "attributes", "--group", "frontline worker", "disclosure_barriers", "--out", out)
    table = docx.Document(str(out)).tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["attribute", "value", "share"]
    assert [r[2] for r in cells[1:]] == SHARES
    r = demo("stats", "attributes", "--group", "frontline worker", "--out", out, ok=False)
    assert r.exit_code != 0 and "pass --force" in r.stderr and r.stdout == ""
    details = json.loads(demo.rows("SELECT details FROM audit_log WHERE action = 'export.stats.attributes'")[0][0])
    assert details["count"] == 15 and details["filters"]["group"] == "frontline worker"


def test_stats_default_still_prints_themes(qcli):
    out = qcli("stats", "--format", "json").output
    rows = {r["theme"]: r for r in json.loads(out)}
    assert rows["Support services"]["share"] == "33% (n=1)"  # 3 active participants in scope
    out = qcli("stats", "themes", "--group", "survivor", "--format", "json").output
    assert {r["theme"]: r for r in json.loads(out)}["Support services"]["share"] == "50% (n=1)"


def test_themes_by_attribute_crosstab(qcli, tmp_path):
    rows = list(csv.DictReader(io.StringIO(
        qcli("stats", "themes", "--by", "town_type", "--group", "survivor", "-f", "csv").output)))
    support = next(r for r in rows if r["theme"] == "Support services")
    assert support["city n"] == "0" and support["rural n"] == "1" and support["rural"] == "100% (n=1)"
    table = qcli("stats", "themes", "--by", "group").output
    assert "frontline worker (n=1)" in table and "survivor (n=2)" in table
    out = tmp_path / "by.docx"
    qcli("stats", "themes", "--by", "town_type", "--group", "survivor", "--out", out)
    head = [c.text for c in docx.Document(str(out)).tables[0].rows[0].cells]
    assert head == ["name", "city (n=1)", "rural (n=1)"]


def test_cooccurrence(qcli):
    rows = json.loads(qcli("stats", "cooccurrence", "--min", "2", "-f", "json").output)
    assert rows == [{"theme_a": "Support services/Availability by location",
                     "theme_b": "Stigma and shame/Stigma of seeking help", "passages": 2,
                     "participants": 1}]
    r = qcli("stats", "cooccurrence", "--min", "0", ok=False)
    assert r.exit_code != 0


@pytest.mark.parametrize("args, message", [
    (["stats", "attributes", "--group", "frontline workers"], "did you mean 'frontline worker'"),
    (["stats", "attributes", "town typ"], "did you mean 'town_type'"),
    (["stats", "themes", "--by", "towntype"], "did you mean 'town_type'"),
    (["chart", "attributes", "barrier"], "did you mean 'barriers'"),
])
def test_unknown_names(qcli, args, message):
    before = qcli.dump()
    r = qcli(*args, ok=False)
    assert r.exit_code != 0 and message in r.stderr
    assert qcli.dump() == before


def test_charts_png_svg_and_terminal(demo, tmp_path):
    out = demo("chart", "attributes", "disclosure_barriers", "--group", "frontline worker").output
    assert "56% (n=28)" in out and "█" in out
    png = tmp_path / "b.png"
    demo("chart", "attributes", "disclosure_barriers", "--group", "frontline worker", "--out", png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    a, b = tmp_path / "t1.svg", tmp_path / "t2.svg"
    demo("chart", "themes", "--out", a)
    demo("chart", "themes", "--out", b)
    assert a.read_bytes() == b.read_bytes() and b"<svg" in a.read_bytes()
    demo("chart", "cooccurrence", "--out", tmp_path / "c.png")
    assert (tmp_path / "c.png").stat().st_size > 1000
    r = demo("chart", "themes", "--out", tmp_path / "t.pdf", ok=False)
    assert r.exit_code != 0 and ".png or .svg" in r.stderr
    actions = [a for (a,) in demo.rows("SELECT action FROM audit_log WHERE action LIKE 'export.chart.%'")]
    assert sorted(actions) == ["export.chart.attributes", "export.chart.cooccurrence",
                               "export.chart.themes", "export.chart.themes"]


def test_help_has_examples(qcli):
    for cmd in (["stats", "themes"], ["stats", "cooccurrence"], ["stats", "attributes"],
                ["chart", "themes"], ["chart", "attributes"], ["chart", "cooccurrence"]):
        assert "Example" in qcli(*cmd, "--help").output
