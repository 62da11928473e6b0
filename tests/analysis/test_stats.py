"""Attribute frequencies, crosstabs and co-occurrence, on real project files."""

import pytest

from tests.exporters.quote_fixture import build_quote_project, withdraw
from vos_coder.analysis.stats import NO_ANSWER, attribute_tables, cooccurrence, theme_crosstab
from vos_coder.errors import NotFound
from vos_coder.store import Project


@pytest.fixture
def qp(tmp_path):
    p = build_quote_project(tmp_path / "quotes.db")
    yield p
    p.close()


BRIEFING_SHARES = ["56% (n=28)", "50% (n=25)", "40% (n=20)", "34% (n=17)", "28% (n=14)",
                   "24% (n=12)", "16% (n=8)", "16% (n=8)", "10% (n=5)", "6% (n=3)", "6% (n=3)",
                   "6% (n=3)", "4% (n=2)", "2% (n=1)", "2% (n=1)"]


def test_sample_survey_reproduces_the_briefing_paper_table(demo_project):
    [table] = attribute_tables(demo_project, "frontline worker", ["disclosure_barriers"])
    assert table.multi_select and table.respondents == 50 and table.answered == 50
    assert [f.share for f in table.rows] == BRIEFING_SHARES


def test_sample_survey_marginals(demo_project):
    tables = {t.attribute: t for t in attribute_tables(demo_project, "frontline worker",
                                                       ["gender", "area_served", "related_degree"])}
    assert [(f.value, f.share) for f in tables["gender"].rows] == [("woman", "68% (n=34)"),
                                                                   ("man", "32% (n=16)")]
    assert [f.n for f in tables["area_served"].rows] == [28, 19, 3]
    assert not tables["gender"].multi_select
    assert next(f.share for f in tables["related_degree"].rows if f.value == "yes") == "84% (n=42)"


def test_multi_select_no_answer_and_group(qp):
    tables = {t.attribute: t for t in attribute_tables(qp, None, ["barriers", "town_type", "group"])}
    b = tables["barriers"]
    assert b.multi_select and b.respondents == 3  # VoS-AL-01, -02, FW-01 (VoS-AL-03 withdrawn)
    assert [(f.value, f.n) for f in b.rows] == [("Fear of blame", 1), ("Stigma", 1), (NO_ANSWER, 2)]
    assert [(f.value, f.share) for f in tables["town_type"].rows] == [
        ("city", "33% (n=1)"), ("rural", "33% (n=1)"), (NO_ANSWER, "33% (n=1)")]
    assert [(f.value, f.n) for f in tables["group"].rows] == [("survivor", 2), ("frontline worker", 1)]


def test_all_attributes_of_a_group_when_none_named(qp):
    assert [t.attribute for t in attribute_tables(qp, "survivor")] == ["age", "town_type"]


def test_unknown_attribute_suggests(qp):
    with pytest.raises(NotFound, match="town_type"):
        attribute_tables(qp, None, ["town type"])
    with pytest.raises(NotFound, match="town_type"):
        theme_crosstab(qp, "towntype")


def test_crosstab_by_attribute_with_column_percentages(qp):
    withdraw(qp.path, "VoS-AL-02")  # nobody rural is left active
    tab = theme_crosstab(qp, "town_type", group="survivor")
    assert tab.columns == ("city",) and tab.column_totals == (1,)
    qp2 = Project.open(qp.path)
    try:
        qp2.db.execute("UPDATE participants SET consent = 'active' WHERE pid = 'VoS-AL-02'")
        tab = theme_crosstab(qp2, "town_type", group="survivor")
    finally:
        qp2.close()
    assert tab.columns == ("city", "rural") and tab.column_totals == (1, 1)
    rows = {r["theme"]: r for r in tab.as_rows()}
    assert rows["Support services"]["rural"] == "100% (n=1)"
    assert rows["Support services"]["city"] == "0% (n=0)"
    assert rows["Reporting mechanisms"]["city"] == "100% (n=1)"
    assert rows["Stigma and shame/Fear of how others respond"]["rural"] == "0% (n=0)"


def test_crosstab_by_group(qp):
    tab = theme_crosstab(qp, "group")
    assert tab.columns == ("frontline worker", "survivor") and tab.column_totals == (1, 2)
    rows = {r["theme"]: r for r in tab.as_rows()}
    assert rows["Stigma and shame/Fear of how others respond"] == {
        "theme": "Stigma and shame/Fear of how others respond", "name": "  Fear of how others respond",
        "frontline worker": "100% (n=1)", "survivor": "50% (n=1)"}


def test_cooccurrence_same_passage_and_same_turn(qp):
    pairs = {(c.theme_a.split("/")[-1], c.theme_b.split("/")[-1]): c for c in cooccurrence(qp)}
    # Q-005 carries both themes; Q-004 (same turn) carries one of them too.
    both = pairs[("Availability by location", "Stigma of seeking help")]
    assert (both.passages, both.participants) == (2, 1)
    # are in one turn of VoS-AL-01; Q-001 is in another turn.
    assert pairs[("Information on rights and process after reporting",
                  "Law enforcement response and burden of evidence")].passages == 1
    assert not any("Fear of how others respond" in k for k in pairs)
    # Q-006 is in a later turn than: not together.
    assert not any("Remote support by phone or online" in k for k in pairs)
    assert [c.passages for c in cooccurrence(qp, min_count=2)] == [2]


def test_cooccurrence_of_overlapping_passages(qp):
    # The survey answer has no turns: only overlap can bring two passages together.
    assert qp.turns(4) == []
    text = qp.source_text(4)
    qp.code(4, text.index("police"), text.index("police") + 6, ["Legislation and punishment"], "tester")
    qp.code(4, text.index("stay quiet"), text.index("stay quiet") + 10, ["Culture of silence"], "tester")
    pairs = {(c.theme_a.split("/")[-1], c.theme_b.split("/")[-1]): c for c in cooccurrence(qp)}
    c = pairs[("Legislation and punishment", "Fear of how others respond")]
    assert (c.passages, c.participants) == (1, 1)
    assert pairs[("Culture of silence", "Fear of how others respond")].passages == 1
    assert ("Legislation and punishment", "Culture of silence") not in pairs  # apart, no turn
