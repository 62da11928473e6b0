"""``--where`` ignores case in every alphabet, not only A-Z (SQLite's NOCASE):
a lead typing ``town=DURRËS`` finds the participants recorded as Durrës, and
never those recorded as Durres, which is another spelling."""

from __future__ import annotations

import pytest

from vos_coder.core.model import PATH_SEP
from vos_coder.demo import build_demo


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = build_demo(tmp_path_factory.mktemp("where") / "demo.db")
    p.set_attributes("VoS-AL-01", {"town": "Durrës"})
    p.set_attributes("VoS-AL-02", {"town": "DURRËS"})
    p.set_attributes("VoS-AL-03", {"town": "Durres"})
    yield p
    p.close()


@pytest.mark.parametrize("typed", ["durrës", "DURRËS", "Durrës", "DURRE\u0308S"])
def test_where_ignores_case_beyond_a_to_z(project, typed):
    found = {q.participant for q in project.query(where={"town": typed})}
    assert found == {"VoS-AL-01", "VoS-AL-02"}
    assert project.participants_in_scope(None, {"town": typed}) == 2
    stats = project.theme_stats(where={"town": typed})
    assert {s.in_scope for s in stats} == {2}
    coded = {t.theme.path for t in stats if t.participants}
    paths = {t for q in project.query(where={"town": typed}) for t in q.themes}
    with_parents = {PATH_SEP.join(p.split(PATH_SEP)[:i + 1]) for p in paths
                    for i in range(p.count(PATH_SEP) + 1)}
    assert paths and coded == with_parents


def test_where_keeps_letters_apart(project):
    assert {q.participant for q in project.query(where={"town": "durres"})} == {"VoS-AL-03"}
    assert project.query(where={"town": "Tiranë"}) == []
    assert project.participants_in_scope(None, {"town": "Tiranë"}) == 0


@pytest.mark.parametrize("typed", ["DURRËS", "DURRE\u0308S"])
def test_the_crosstab_lets_in_whom_the_store_does(project, typed):
    """`stats themes --by` chooses its people itself: by the same rule as the
    store's --where, or a column would count people whose passages it never read."""
    from vos_coder.analysis.stats import theme_crosstab

    table = theme_crosstab(project, by="town", where={"town": typed})
    assert dict(zip(table.columns, table.column_totals, strict=True)) == {"DURRËS": 1, "Durrës": 1}
