"""``query`` against a recount in plain Python from the tables, whichever
plan it takes (from the participants' sources when participants are named,
from the theme's codings otherwise): the same passages, themes and coders."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.store import Project


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The demo project with a second coder's codings at random places."""
    from vos_coder.demo import build_demo

    path = tmp_path_factory.mktemp("recount") / "demo.db"
    build_demo(path).close()
    rng = random.Random(3)
    with Project.open(path) as p:
        themes = [t.id for t in p.themes()]
        rows = []
        for s in p.sources():
            for turn in p.turns(s.id):
                if turn.end - turn.start > 30 and rng.random() < 0.3:
                    start = rng.randrange(turn.start + 14, turn.end - 10)
                    rows.append((s.id, start, min(turn.end, start + rng.randint(5, 200)),
                                 rng.choice(themes), "second"))
        p.code_many(rows)
    p = Project.open(path)
    yield p
    p.close()


def recount(p, themes=(), participants=(), coder=None, all_themes=False):
    """(excerpt id, themes, coders) in the documented order, from the raw tables."""
    codebook = p.themes()
    subtree = [{t.id for t in p.subtree(ref)} for ref in themes]
    people = {r["id"]: r["pid"] for r in p.q("SELECT id, pid FROM participants WHERE consent = 'active'")}
    owner = {r["id"]: r["participant_id"] for r in p.q("SELECT id, participant_id FROM sources")}
    codings: dict[int, list[tuple[int, str]]] = {}
    for r in p.q("SELECT excerpt_id, theme_id, coder FROM codings"):
        if coder is None or r["coder"] == coder:
            codings.setdefault(r["excerpt_id"], []).append((r["theme_id"], r["coder"]))
    out = []
    for e in p.q('SELECT id, source_id, start, "end" FROM excerpts'):
        pid = people.get(owner[e["source_id"]])
        mine = codings.get(e["id"])
        if pid is None or not mine or (participants and pid not in participants):
            continue
        have = {t for t, _ in mine}
        hits = [bool(have & ids) for ids in subtree]
        if subtree and not (all(hits) if all_themes else any(hits)):
            continue
        order = {t.id: i for i, t in enumerate(codebook)}
        paths = {t.id: t.path for t in codebook}
        out.append(((pid, e["source_id"], e["start"], e["end"]), e["id"],
                    tuple(paths[t] for t in sorted(have, key=order.get)),
                    tuple(sorted({c for _, c in mine}))))
    return [x[1:] for x in sorted(out)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_query_is_the_recount(coded, data):
    theme_paths = [t.path for t in coded.themes()]
    pids = sorted(x.pid for x in coded.participants())
    themes = data.draw(st.lists(st.sampled_from(theme_paths), max_size=3, unique=True))
    participants = data.draw(st.lists(st.sampled_from(pids), max_size=4, unique=True))
    coder = data.draw(st.sampled_from([None, "second", *{c for (c,) in coded.db.execute(
        "SELECT DISTINCT coder FROM codings")}]))
    all_themes = data.draw(st.booleans())
    got = [(x.excerpt_id, x.themes, x.coders)
           for x in coded.query(themes, participants, coder=coder, all_themes=all_themes)]
    assert got == recount(coded, themes, participants, coder, all_themes)


def test_both_plans_give_the_same_passages(coded):
    """One participant takes the plan from their sources, everyone the plan
    from the theme's codings; the answers agree."""
    pids = [x.pid for x in coded.participants()]
    assert coded._few(pids[:1]) and not coded._few(pids)
    for theme in coded.themes():
        everyone = coded.query([theme.path])
        assert coded.query([theme.path], participants=pids) == everyone
        for pid in pids:
            assert coded.query([theme.path], participants=[pid]) == [
                x for x in everyone if x.participant == pid]
    assert len(coded.query()) > 50


def test_an_unknown_participant_among_known_ones_is_refused(coded):
    from vos_coder.errors import NotFound

    pid = coded.participants()[0].pid
    with pytest.raises(NotFound, match="VoS-ZZ-99"):
        coded.query(participants=[pid, "VoS-ZZ-99"])
    assert coded.query(participants=[pid, pid]) == coded.query(participants=[pid])
