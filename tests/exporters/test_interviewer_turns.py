"""A coded interviewer turn is never exported as a participant's quote.

Chosen rule: a quote is a participant's own words, printed under their
identifier, so quote exports (every format, the CLI and the workbench's
export dialog alike) leave out passages spoken by the interviewer and say
which. The codings table keeps every coding, and its speaker column
attributes the passage to the interviewer. All text is fictional."""

from __future__ import annotations

import csv
import json

import docx

from tests.exporters.quote_fixture import build_quote_project
from vos_coder.exporters.analysis_tables import codings_table
from vos_coder.exporters.quotes import export_quotes
from vos_coder.exporters.quoteset import build_quote_set

QUESTION = "Who did you tell first?"  # the interviewer's words in VoS-AL-01 (quote_fixture.ONE)


def _code_the_question(p) -> str:
    start, end = p.match_span("VoS-AL-01", QUESTION)
    p.code("VoS-AL-01", start, end, ["Fear of how others respond"], "tester")
    [passage] = [q for q in p.quotes() if q.text == QUESTION]
    # `quotes approve` refuses the interviewer's words (tests/analysis/
    # test_interviewer_not_counted.py); a project from before that rule, or a
    # merged copy, can still hold one approved: exports must leave it out anyway.
    p.db.execute("UPDATE quotes SET status = 'approved' WHERE excerpt_id = ?", [passage.excerpt_id])
    return f"Q-{passage.quote_number:03d}"


def _all_text(path) -> str:
    if path.suffix == ".docx":
        return "\n".join(par.text for par in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


def test_no_quote_export_prints_the_interviewer_under_the_participant(tmp_path):
    p = build_quote_project(tmp_path / "q.db")
    try:
        qid = _code_the_question(p)
        for fmt in ("docx", "md", "html", "csv", "json"):
            out = tmp_path / f"quotes.{fmt}"
            qs = export_quotes(p, out, fmt)
            text = _all_text(out)
            assert QUESTION not in text, fmt
            assert "I told my aunt first" in text, fmt  # the participant's answer is still there
            assert qs.interviewer == (qid,)
            assert qid not in [i.quote_id for i in qs.items]
        rows = json.loads((tmp_path / "quotes.json").read_text(encoding="utf-8"))
        assert {r["participant"] for r in rows} >= {"VoS-AL-01"}
        assert QUESTION not in [r["text"] for r in rows]
    finally:
        p.close()


def test_only_the_interviewer_is_left_out_of_a_theme_and_a_participant(tmp_path):
    p = build_quote_project(tmp_path / "q.db")
    try:
        qid = _code_the_question(p)
        qs = build_quote_set(p, themes=["Fear of how others respond"], participants=["VoS-AL-01"])
        assert [i.text for i in qs.items] == [
            "I told my aunt first, because she lives far away and she does not gossip."]
        assert qs.interviewer == (qid,)
    finally:
        p.close()


def test_the_codings_table_attributes_the_question_to_the_interviewer(tmp_path):
    p = build_quote_project(tmp_path / "q.db")
    try:
        _code_the_question(p)
        table, _attrs = codings_table(p)
        [row] = [r for r in table.rows if r["text"] == QUESTION]
        assert row["speaker"] == "Interviewer"
        answers = [r for r in table.rows if r["text"].startswith("I told my aunt first")]
        assert answers and all(r["speaker"] == "Participant" for r in answers)
    finally:
        p.close()


def test_the_cli_says_which_quotes_were_left_out(tmp_path):
    from tests.cli.conftest import Cli

    path = tmp_path / "q.db"
    p = build_quote_project(path)
    qid = _code_the_question(p)
    p.close()
    out = tmp_path / "quotes.csv"
    r = Cli(path)("export", "quotes", "--out", str(out))
    assert (f"left out {qid}: spoken by the interviewer; a quote is a participant's own words"
            in r.stderr)
    with out.open(encoding="utf-8") as f:
        assert QUESTION not in [row["text"] for row in csv.DictReader(f)]
    r = Cli(path)("export", "codings", "--out", str(tmp_path / "codings.csv"))
    with (tmp_path / "codings.csv").open(encoding="utf-8") as f:
        [row] = [row for row in csv.DictReader(f) if row["text"] == QUESTION]
    assert row["speaker"] == "Interviewer"


def test_only_interviewer_quotes_is_an_empty_selection_that_says_why(tmp_path):
    from tests.cli.conftest import Cli

    path = tmp_path / "q.db"
    p = build_quote_project(path, approve=False)
    qid = _code_the_question(p)
    p.close()
    r = Cli(path)("export", "quotes", "--out", str(tmp_path / "q.md"), ok=False)
    assert r.exit_code != 0 and not (tmp_path / "q.md").exists()
    assert f"left out {qid}: spoken by the interviewer" in r.stderr
