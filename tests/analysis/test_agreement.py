"""Agreement statistics against published worked examples (../shared) and
against the same examples worked by hand here, so a clone without ../shared
checks the same behaviour."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from vos_coder.analysis.agreement import (
    Units,
    agreement,
    char_units,
    cohen_kappa,
    coincidences,
    krippendorff_alpha,
    percent_agreement,
    turn_units,
)
from vos_coder.errors import InvalidInput

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, None = no value.
RELIABILITY_4x12 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
BINARY_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
BINARY_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
# Cohen's kappa, 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
FIFTY_A = [1] * 25 + [0] * 25
FIFTY_B = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15


# -- the published vectors ------------------------------------------------------------
def _vectors() -> dict:
    return json.loads(shared_path("agreement_vectors.json").read_text(encoding="utf-8"))


def test_krippendorff_matches_published_vectors():
    vectors = _vectors()
    tol = vectors["tolerance"]
    checked = 0
    for example in vectors["krippendorff_alpha"]:
        for level, expected in example["alpha"].items():
            assert krippendorff_alpha(example["data"], level) == pytest.approx(expected, abs=tol), \
                (example["name"], level)
            checked += 1
    assert checked == 5


def test_kappa_matches_published_vectors():
    vectors = _vectors()
    tol = vectors["tolerance"]
    for example in vectors["cohen_kappa"]:
        assert cohen_kappa(example["a"], example["b"]) == pytest.approx(example["kappa"], abs=tol)
        if "percent_agreement" in example:
            assert percent_agreement([example["a"], example["b"]]) == pytest.approx(
                example["percent_agreement"], abs=tol)


# -- the same examples, by hand ----------------------------------------------------------
def test_coincidence_margins_of_the_4x12_example():
    # Margins = the values in units with two or more values, counted by hand:
    # n_1 = 3 (u1) + 1 (u6) + 3 (u8) + 2 (u11) = 9; n_2 = 3 + 4 + 1 + 1 + 4 = 13
    # (u2, u5, u6, u8, u9); n_3 = 1 + 4 + 4 + 1 = 10; n_4 = 1 + 4 = 5; n_5 = 3; n = 40.
    # Unit 2 (2, 2, 3, 2; m = 4) has three ordered (2, 3) pairs of weight 1/3:
    # o[2][3] gets 1; unit 6 (1, 2, 3, 4) adds 1/3 to every pair of different
    # values; unit 8 (1, 1, 2, 1) adds 1 to o[1][2]. Unit 12 has one value.
    o = coincidences(RELIABILITY_4x12)
    margins = {c: round(sum(row.values()), 9) for c, row in o.items()}
    assert margins == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}
    assert o[2][3] == pytest.approx(1 + 1 / 3)
    assert o[1][2] == pytest.approx(1 / 3 + 1)
    assert o[1][1] == pytest.approx(3 + 2 + 2)  # units 1, 8 and 11
    assert o[4][5] == 0


@pytest.mark.parametrize("level, expected", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797),
])
def test_krippendorff_4x12_by_level(level, expected):
    assert krippendorff_alpha(RELIABILITY_4x12, level) == pytest.approx(expected, abs=0.001)


def test_binary_example_by_hand():
    # Pairs (a, b): 00 x5, 01 x3, 10 x1, 11 x1. Each unit has m = 2 values, so
    # each pair adds 1 to o[a][b] and 1 to o[b][a]:
    #   o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20.
    # nominal alpha = 1 - (n - 1) (o01 + o10) / (2 n0 n1) = 1 - 19 * 8 / 168 = 16/168.
    assert krippendorff_alpha([BINARY_A, BINARY_B]) == pytest.approx(16 / 168)
    assert krippendorff_alpha([BINARY_A, BINARY_B]) == pytest.approx(0.095, abs=0.001)
    # kappa: p_o = 6/10; p_e = 0.2 * 0.4 + 0.8 * 0.6 = 0.56; (0.6 - 0.56) / 0.44 = 1/11.
    assert cohen_kappa(BINARY_A, BINARY_B) == pytest.approx(1 / 11)
    assert percent_agreement([BINARY_A, BINARY_B]) == pytest.approx(0.6)


def test_fifty_items_by_hand():
    # p_o = (20 + 15) / 50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5.
    assert cohen_kappa(FIFTY_A, FIFTY_B) == pytest.approx(0.4)
    assert percent_agreement([FIFTY_A, FIFTY_B]) == pytest.approx(0.7)


def test_weights_give_the_same_figures_as_repeated_units():
    # The 50 items as four weighted columns.
    a, b, w = [1, 1, 0, 0], [1, 0, 1, 0], [20, 5, 10, 15]
    assert cohen_kappa(a, b, w) == pytest.approx(cohen_kappa(FIFTY_A, FIFTY_B))
    assert krippendorff_alpha([a, b], weights=w) == pytest.approx(krippendorff_alpha([FIFTY_A, FIFTY_B]))
    assert percent_agreement([a, b], w) == pytest.approx(0.7)


def test_undefined_figures_are_none():
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None  # no variation
    assert krippendorff_alpha([[1, None], [None, 2]]) is None  # nothing pairable
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None  # chance agreement is 1
    assert percent_agreement([[1, None], [None, 1]]) is None


def test_units_with_one_value_are_left_out():
    with_lonely = [[1, 2, 1, 3], [1, 2, 2, None]]
    without = [[1, 2, 1], [1, 2, 2]]
    assert krippendorff_alpha(with_lonely) == pytest.approx(krippendorff_alpha(without))
    assert percent_agreement(with_lonely) == pytest.approx(2 / 3)


def test_bad_shapes_are_refused():
    with pytest.raises(InvalidInput):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(InvalidInput):
        cohen_kappa([1, 2], [1])
    with pytest.raises(InvalidInput):
        krippendorff_alpha([[1, 2], [1, 2]], level="cardinal")


# -- units -------------------------------------------------------------------------------
def test_char_units_by_hand():
    # 10 characters; ana covers 0-5 (two overlapping codings), ben 4-8, cleo
    # did not work on the source. 0-4 ana only (4), 4-5 both (1), 5-8 ben only
    # (3), 8-10 neither (2).
    u = char_units(10, {"ana": [(0, 3), (2, 5)], "ben": [(4, 8)], "cleo": None})
    got = dict(zip(u.columns, u.weights))
    assert got == {(1, 0, None): 4, (1, 1, None): 1, (0, 1, None): 3, (0, 0, None): 2}
    assert u.count == 10
    f = agreement(Units(("ana", "ben"), tuple(c[:2] for c in u.columns), u.weights))
    # p_o = 3/10; p_ana(1) = 0.5, p_ben(1) = 0.4; p_e = 0.2 + 0.3 = 0.5; kappa = -0.4.
    assert f.percent == pytest.approx(0.3)
    assert f.kappa == pytest.approx(-0.4)


def test_turn_units_by_hand():
    u = turn_units([(0, 3), (3, 6), (6, 10)], {"ana": [(0, 3), (2, 5)], "ben": [(4, 8)]})
    # turn 1: ana only; turn 2: both; turn 3: ben only.
    assert dict(zip(u.columns, u.weights)) == {(1, 0): 1, (1, 1): 1, (0, 1): 1}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)), max_size=4),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)), max_size=4))))
def test_char_units_equal_one_unit_per_character(case):
    n, a, b = case
    a = [(s, e) for s, e in a if s < e]
    b = [(s, e) for s, e in b if s < e]
    u = char_units(n, {"a": a, "b": b})
    naive_a = [int(any(s <= i < e for s, e in a)) for i in range(n)]
    naive_b = [int(any(s <= i < e for s, e in b)) for i in range(n)]
    assert sum(u.weights) == n
    f = agreement(u)
    assert f.percent == pytest.approx(percent_agreement([naive_a, naive_b]))
    assert f.kappa == pytest.approx(cohen_kappa(naive_a, naive_b)) if f.kappa is not None \
        else cohen_kappa(naive_a, naive_b) is None
    alpha = krippendorff_alpha([naive_a, naive_b])
    assert (f.alpha is None and alpha is None) or f.alpha == pytest.approx(alpha)
