"""`vos-coder quotes ...` and `vos-coder export quotes` through the CLI runner."""

import json

import docx
import pytest

from tests.cli.conftest import Cli
from tests.exporters.quote_fixture import build_quote_project


@pytest.fixture
def qcli(tmp_path):
    path = tmp_path / "quotes.db"
    build_quote_project(path, approve=False).close()
    return Cli(path)


def _status(c, number):
    return c.rows("SELECT status, display_text FROM quotes WHERE number = ?", [number])[0]


def test_list_filters_and_json(qcli):
    rows = json.loads(qcli("quotes", "list", "--format", "json").output)
    assert [r["quote"] for r in rows] == ["Q-008", "Q-001", "Q-002", "Q-003", "Q-004", "Q-005", "Q-006"]
    assert "Q-007" not in {r["quote"] for r in rows}  # withdrawn
    rows = json.loads(qcli("quotes", "list", "-t", "Stigma and shame", "-f", "json").output)
    assert [r["quote"] for r in rows] == ["Q-008", "Q-001", "Q-005"]
    table = qcli("quotes", "list", "--participant", "VoS-AL-02").output
    assert "Q-004" in table and "Q-001" not in table


def test_approve_exclude_candidate(qcli):
    out = qcli("quotes", "approve", "Q-001", "2").output
    assert "Q-001 approved (VoS-AL-01)" in out and "Q-002 approved" in out
    assert _status(qcli, 1)[0] == _status(qcli, 2)[0] == "approved"
    qcli("quotes", "exclude", "Q-002")
    assert _status(qcli, 2)[0] == "excluded"
    qcli("quotes", "candidate", "q2")
    assert _status(qcli, 2)[0] == "candidate"
    eid = qcli.rows("SELECT excerpt_id FROM quotes WHERE number = 4")[0][0]
    qcli("quotes", "approve", "--excerpt", str(eid))
    assert _status(qcli, 4)[0] == "approved"
    rows = json.loads(qcli("quotes", "list", "--status", "approved", "-f", "json").output)
    assert [r["quote"] for r in rows] == ["Q-001", "Q-004"]
    actions = [a for (a,) in qcli.rows("SELECT action FROM audit_log WHERE action LIKE 'quote.%'")]
    assert actions.count("quote.status") == 5


@pytest.mark.parametrize("args, message", [
    (["quotes", "approve", "Q-001", "Q-099"], "no quote named 'Q-099'; did you mean"),
    (["quotes", "approve", "Q-007"], "no quote named 'Q-007'"),  # withdrawn participant
    (["quotes", "exclude", "first"], "'first' is not a quote number"),
    (["quotes", "edit", "Q-001", "--display", "I told my uncle first"], "departs from the source at 'uncle'"),
    (["quotes", "edit", "Q-001", "--display", "I told my aunt, because she"], "left out without […]"),
    (["quotes", "edit", "Q-001"], "give either --display TEXT or --clear"),
    (["quotes", "list", "--theme", "Stigma and shme"], "did you mean 'Stigma and shame'"),
])
def test_bad_input_one_line_nothing_changed(qcli, args, message):
    before = qcli.dump()
    result = qcli(*args, ok=False)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert qcli.dump() == before


def test_edit_sets_checks_and_clears(qcli):
    out = qcli("quotes", "edit", "Q-001", "--display", "I told my aunt first [...] she does not gossip.").output
    assert "display text set: I told my aunt first […] she does not gossip." in out
    assert _status(qcli, 1)[1] == "I told my aunt first […] she does not gossip."
    qcli("quotes", "edit", "Q-001", "--clear")
    assert _status(qcli, 1)[1] is None
    details = [d for (d,) in qcli.rows("SELECT details FROM audit_log WHERE action = 'quote.display_text'")]
    assert len(details) == 2 and not any("aunt" in d for d in details)


def test_export_quotes_every_format(qcli, tmp_path):
    qcli("quotes", "approve", "Q-001", "Q-005", "Q-008")
    for fmt in ("docx", "md", "html", "csv", "json"):
        out = tmp_path / f"a.{fmt}"
        result = qcli("export", "quotes", "--format", fmt, "--out", out, "--locator", "turn")
        assert "3 quote(s)" in result.output and out.exists()
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert [(r["quote"], r["attribution"]) for r in data] == [
        ("Q-001", "(VoS-AL-01, turn 2)"), ("Q-005", "(VoS-AL-02, turn 2)"),
        ("Q-008", "(a surveyed frontline worker)")]
    paras = [p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs]
    assert "(VoS-AL-01, turn 2)" in paras
    assert len(qcli.rows("SELECT id FROM audit_log WHERE action = 'export.quotes'")) == 5


def test_export_refusals(qcli, tmp_path):
    qcli("quotes", "approve", "Q-001")
    out = tmp_path / "a.md"
    out.write_text("mine")
    before = qcli.dump()
    r = qcli("export", "quotes", "-f", "md", "--out", out, ok=False)
    assert r.exit_code != 0 and "exists; pass --force" in r.stderr and out.read_text() == "mine"
    r = qcli("export", "quotes", "-f", "md", "--out", tmp_path / "b.md", "-t", "Culture of silense", ok=False)
    assert r.exit_code != 0 and "did you mean 'Stigma and shame/Culture of silence'" in r.stderr
    r = qcli("export", "quotes", "-f", "md", "--out", tmp_path / "c.md", "-t", "Culture of silence", ok=False)
    assert r.exit_code != 0 and "no approved quotes match the selection; nothing written" in r.stderr
    r = qcli("export", "quotes", "-f", "csv", "--out", tmp_path / "d.md", ok=False)
    assert r.exit_code != 0 and ".csv" in r.stderr
    assert not any((tmp_path / n).exists() for n in ("b.md", "c.md", "d.md"))
    assert qcli.dump() == before
    r = qcli("export", "quotes", "-f", "csv", "--out", tmp_path / "e.csv", "-t", "Culture of silence",
             "--allow-empty")
    assert "0 quote(s)" in r.output and "wrote an empty file" in r.stderr
    assert (tmp_path / "e.csv").read_text().count("\n") == 1
    qcli("export", "quotes", "-f", "md", "--out", out, "--force")
    assert "“I told my aunt first" in out.read_text()


def test_help_has_examples(qcli):
    for cmd in (["quotes", "list"], ["quotes", "approve"], ["quotes", "exclude"], ["quotes", "edit"],
                ["export", "quotes"]):
        assert "Example" in qcli(*cmd, "--help").output
