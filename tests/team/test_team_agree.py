"""Agreement per theme and disagreements over a real project, against
figures worked out by hand from the codings.

Passages are coded where a researcher can code them: inside one turn, after
its speaker label. In source 1 the first turn is "Interviewer: How did you
first hear about the helpline?" (0:55, its words from 13); the second turn's
words run from 70. In source 2 the first turn's words run from 13 to 36."""

from __future__ import annotations

import pytest

from vos_coder.analysis.agreement import krippendorff_alpha
from vos_coder.core.passages import body_start
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store import Project
from vos_coder.team import agreement_table, disagreements, parse_coders

SILENCE = "Stigma and shame/Culture of silence"
HELP = "Stigma and shame/Stigma of seeking help"


def by_theme(rows):
    return {r.theme: r for r in rows}


def test_char_agreement_by_hand(base_path):
    with Project.open(base_path) as p:
        L = len(p.source_text(1))
        words = [(body_start(p.source_text(1), t), t.end) for t in p.turns(1)[:2]]
        assert words[0] == (13, 55) and words[1][0] == 70  # as the docstring says
        p.code(1, 23, 43, [SILENCE], "ana")
        p.code(1, 33, 53, [SILENCE], "ben")
        p.code(1, 70, 80, [HELP], "ana")  # inside turn 2
        rows = by_theme(agreement_table(p, ["ana", "ben"]))
    assert list(rows) == [SILENCE, HELP, "overall"]  # codebook order, overall last
    s = rows[SILENCE]
    # Only source 1 was coded by both: L character units. ana only 10, both 10,
    # ben only 10, neither L - 30.
    assert s.figures.units == L and s.sources == 1
    assert s.coded == {"ana": 20, "ben": 20}
    po = (10 + L - 30) / L
    pa = pb = 20 / L
    pe = pa * pb + (1 - pa) * (1 - pb)
    assert s.figures.percent == pytest.approx(po)
    assert s.figures.kappa == pytest.approx((po - pe) / (1 - pe))
    # Coincidences: o01 = o10 = 20, o11 = 20, o00 = 2 (L - 30); n1 = 40, n0 = 2L - 40, n = 2L.
    n, n0, n1 = 2 * L, 2 * L - 40, 40
    assert s.figures.alpha == pytest.approx(1 - (n - 1) * 40 / (2 * n0 * n1))
    h = rows[HELP]
    # ana 10 characters, ben none: p_o = (L - 10) / L; ben used one category, so
    # p_e = p_ana(0) and kappa = 0.
    assert h.figures.percent == pytest.approx((L - 10) / L)
    assert h.figures.kappa == pytest.approx(0.0)
    overall = rows["overall"]
    assert overall.figures.units == 2 * L
    assert overall.figures.percent == pytest.approx((po * L + (L - 10)) / (2 * L))


def test_turn_agreement_by_hand(base_path):
    with Project.open(base_path) as p:
        text, turns = p.source_text(1), p.turns(1)
        t2, t4 = turns[1], turns[3]
        w2, w4 = body_start(text, t2), body_start(text, t4)  # after "Participant: "
        p.code(1, w2 + 2, w2 + 12, [SILENCE], "ana")
        p.code(1, w2, t2.end, [SILENCE], "ben")  # the whole turn's words
        p.code(1, w4 + 5, w4 + 9, [SILENCE], "ben")
        [row, _overall] = agreement_table(p, ["ana", "ben"], unit="turn")
    # 5 turns: turn 2 both, turn 4 ben only, three neither.
    # p_o = 4/5; p_ana(1) = 1/5, p_ben(1) = 2/5; p_e = 0.08 + 0.48 = 0.56.
    assert row.figures.units == 5
    assert row.coded == {"ana": 1, "ben": 2}
    assert row.figures.percent == pytest.approx(0.8)
    assert row.figures.kappa == pytest.approx(0.24 / 0.44)


def test_subthemes_count_for_the_parent(base_path):
    with Project.open(base_path) as p:
        p.code(1, 23, 43, [SILENCE], "ana")
        p.code(1, 23, 43, [HELP], "ben")
        rows = by_theme(agreement_table(p, ["ana", "ben"], ["Stigma and shame", SILENCE]))
    assert rows["Stigma and shame"].figures.percent == pytest.approx(1.0)
    assert rows[SILENCE].figures.percent < 1.0


def test_three_coders_with_a_coder_missing_from_a_source(base_path):
    with Project.open(base_path) as p:
        L1, L2 = len(p.source_text(1)), len(p.source_text(2))
        p.code(1, 13, 43, [SILENCE], "ana")
        p.code(1, 23, 43, [SILENCE], "ben")
        p.code(2, 15, 35, [SILENCE], "ana")
        p.code(2, 15, 30, [SILENCE], "cleo")  # cleo never opened source 1; ben never source 2
        [row, _] = agreement_table(p, ["ana", "ben", "cleo"])
    assert row.figures.kappa is None  # kappa is for two coders
    assert row.figures.units == L1 + L2
    ana = [int(13 <= i < 43) for i in range(L1)] + [int(15 <= i < 35) for i in range(L2)]
    ben = [int(23 <= i < 43) for i in range(L1)] + [None] * L2
    cleo = [None] * L1 + [int(15 <= i < 30) for i in range(L2)]
    assert row.figures.alpha == pytest.approx(krippendorff_alpha([ana, ben, cleo]))


def test_disagreements_side_by_side(base_path):
    with Project.open(base_path) as p:
        text = p.source_text(1)
        p.code(1, 23, 43, [SILENCE], "ana")
        p.code(1, 33, 53, [SILENCE], "ben")
        p.code(1, 70, 80, [HELP], "ana")  # inside turn 2
        p.code(1, 70, 80, [SILENCE], "ana")
        p.code(1, 70, 80, [SILENCE], "ben")  # agreed: not listed
        found = disagreements(p, ["ana", "ben"])
    assert [(d.theme, d.start, d.end, d.kind, d.a, d.b) for d in found] == [
        (SILENCE, 23, 53, "different extent", ((23, 43),), ((33, 53),)),
        (HELP, 70, 80, "only ana", ((70, 80),), ()),
    ]
    assert found[0].text == text[23:53]
    assert found[0].as_dict(["ana", "ben"])["ben"] == "33:53"
    assert found[1].as_dict(["ana", "ben"])["ben"] == "-"


def test_coders_are_checked(base_path):
    with Project.open(base_path) as p:
        p.code(1, 23, 43, [SILENCE], "ana")
        p.code(1, 23, 43, [SILENCE], "ben")
        with pytest.raises(NotFound, match="did you mean 'ben'"):
            agreement_table(p, ["ana", "benn"])
        with pytest.raises(InvalidInput, match="char or turn"):
            agreement_table(p, ["ana", "ben"], unit="word")
        with pytest.raises(InvalidInput, match="exactly two"):
            disagreements(p, ["ana", "ben", "cleo"])
    with pytest.raises(InvalidInput, match="at least 2"):
        parse_coders("ana")
    with pytest.raises(InvalidInput, match="twice"):
        parse_coders("ana,ana")
    assert parse_coders(" ana , ben ") == ["ana", "ben"]


def test_settle_records_the_leads_choice_and_replaces_it_when_settled_again(base_path):
    from vos_coder.team import settle

    with Project.open(base_path) as p:
        p.code(1, 23, 43, [SILENCE], "ana")
        p.code(1, 33, 53, [SILENCE], "ben")
        p.code(1, 70, 80, [HELP], "ana")  # inside turn 2
        first, second = disagreements(p, ["ana", "ben"])
        assert settle(p, first, "both", "lead") == [(23, 53)]
        assert settle(p, second, "neither", "lead") == []
        lead = [(r["start"], r["end"], r["theme_id"]) for r in p.coder_codings(["lead"])]
        assert lead == [(23, 53, p.theme(SILENCE).id)]
        assert settle(p, first, "b", "lead") == [(33, 53)]  # replaces the earlier decision
        lead = [(r["start"], r["end"]) for r in p.coder_codings(["lead"])]
        assert lead == [(33, 53)]
        # ana's and ben's own codings are untouched, so the disagreement remains listed
        assert len(disagreements(p, ["ana", "ben"])) == 2
        [row, _] = agreement_table(p, ["ben", "lead"], [SILENCE])
        assert row.figures.percent == pytest.approx(1.0)
        assert [e.details["accept"] for e in p.audit_log("team.settle")] == ["both", "neither", "b"]
        with pytest.raises(InvalidInput, match="a, b, both or neither"):
            settle(p, first, "ana", "lead")
