"""Co-occurrence (read without texts, turns in one pass) against a recount in
plain Python: every pair of passages from ``query`` and ``turns`` compared by
the definition (same passage, overlapping, or sharing a speaker turn)."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from vos_coder.analysis.stats import cooccurrence
from vos_coder.store import Project


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The demo project with two more coders' codings at random places."""
    from vos_coder.demo import build_demo

    path = tmp_path_factory.mktemp("cooc") / "demo.db"
    build_demo(path).close()
    rng = random.Random(5)
    with Project.open(path) as p:
        themes = [t.id for t in p.themes()]
        rows = []
        for s in p.sources():
            for turn in p.turns(s.id):
                for coder in ("second", "third"):
                    if turn.end - turn.start > 30 and rng.random() < 0.4:
                        start = rng.randrange(turn.start + 14, turn.end - 10)
                        rows.append((s.id, start, min(turn.end, start + rng.randint(5, 200)),
                                     rng.choice(themes), coder))
        p.code_many(rows)
    p = Project.open(path)
    yield p
    p.close()


def recount(p, group=None):
    order = {t.path: i for i, t in enumerate(p.themes())}
    by_source = defaultdict(list)
    for x in p.query(group=group):
        turn = p.turn_at(x.source_id, x.start)
        if turn is not None and turn.speaker == "Interviewer":
            continue  # the interviewer's words are not the participant's (never counted)
        by_source[x.source_id].append(x)
    pairs, people = defaultdict(set), defaultdict(set)
    for sid, passages in by_source.items():
        turns = p.turns(sid)

        def touched(x, turns=turns):
            return {t.n for t in turns if t.start < x.end and x.start < t.end}
        for i, a in enumerate(passages):
            for b in passages[i:]:
                if not (a is b or (a.start < b.end and b.start < a.end) or touched(a) & touched(b)):
                    continue
                for x in a.themes:
                    for y in b.themes:
                        if x != y:
                            key = tuple(sorted((x, y), key=order.get))
                            pairs[key].add(frozenset((a.excerpt_id, b.excerpt_id)))
                            people[key].add(a.participant)
    return {k: (len(v), len(people[k])) for k, v in pairs.items()}


@pytest.mark.parametrize("group", [None, "survivor", "frontline worker"])
def test_cooccurrence_is_the_recount(coded, group):
    got = cooccurrence(coded, group=group)
    assert {(c.theme_a, c.theme_b): (c.passages, c.participants) for c in got} == recount(coded, group)
    assert len(got) > 10 or group == "frontline worker"


def test_withdrawn_participants_leave_the_counts(coded, tmp_path):
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(coded.path, copy)
    with Project.open(copy) as p:
        before = cooccurrence(p)
        pid = max(p.participants(), key=lambda x: len(p.query(participants=[x.pid]))).pid
        p.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = ?", [pid])
        after = cooccurrence(p)
        assert after != before
        assert {(c.theme_a, c.theme_b): (c.passages, c.participants) for c in after} == recount(p)
