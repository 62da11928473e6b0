"""Done-when of issue 8: a draft built from the demo project's quotes, with
edited, misattributed and invented quotations planted in it, gets the right
verdict for each, in every format a draft arrives in."""

from __future__ import annotations

import pytest

from tests.verify.conftest import INVENTED, WRITERS
from vos_coder.verify import verify_draft


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_planted_quotation_gets_its_verdict(fmt, planted, demo_project, tmp_path):
    draft = WRITERS[fmt](tmp_path / f"draft.{fmt}", planted)
    report = verify_draft(demo_project, draft)
    got = [(v.quote.text, v.quote.identifier, v.verdict) for v in report.verdicts]
    want = [(" ".join(it.text.split()), it.ident, it.expected) for it in planted]
    assert got == want
    assert not report.ok


def test_verdict_details_say_what_is_wrong(planted, demo_project, tmp_path):
    report = verify_draft(demo_project, WRITERS["md"](tmp_path / "d.md", planted))
    by = {}
    for v in report.verdicts:
        by.setdefault(v.verdict, v)

    altered = by["altered"]
    assert altered.match.source.participant == "VoS-AL-02"
    assert "{+purple+}" in altered.match.diff_text() or "{+orange+}" in altered.match.diff_text()
    assert "[-" in altered.match.diff_text()

    wrong = by["wrong attribution"]
    assert wrong.match.source.participant == "VoS-AL-04"
    assert "VoS-AL-05" in wrong.notes[0] and "VoS-AL-04" in wrong.notes[0]

    faithful = by["faithful"]
    text = demo_project.source_text(faithful.match.source.id)
    assert text[faithful.match.start:faithful.match.end] == faithful.match.passage
    assert faithful.match.passage.endswith(planted[1].text.split()[-1])

    exact = by["exact"]
    assert exact.match.passage == exact.quote.text

    assert by["not found"].quote.text == INVENTED and by["not found"].match is None
    assert by["withdrawn participant"].match.source.consent == "withdrawn"
    unattributed = report.verdicts[-1]
    assert unattributed.quote.identifier is None and unattributed.quote.attribution == "a young woman"
    assert "no identifier" in unattributed.notes[0]
    anonymous = report.verdicts[-2]
    assert anonymous.verdict == "exact" and anonymous.match.source.group == "frontline worker"
    assert "no curated quote" in by["not an approved quote"].notes[0] or \
        "candidate" in by["not an approved quote"].notes[0]


def test_a_clean_draft_passes(planted, demo_project, tmp_path):
    good = [it for it in planted if it.expected in ("exact", "faithful")]
    report = verify_draft(demo_project, WRITERS["docx"](tmp_path / "good.docx", good))
    assert [v.verdict for v in report.verdicts] == [it.expected for it in good]
    assert report.ok


def test_json_shape(planted, demo_project, tmp_path):
    report = verify_draft(demo_project, WRITERS["html"](tmp_path / "d.html", planted))
    data = report.as_dict()
    assert data["quotations"] == len(planted)
    assert sum(data["counts"].values()) == len(planted)
    assert data["counts"]["wrong attribution"] == 2
    assert {v["verdict"] for v in data["verdicts"]} == {it.expected for it in planted}
