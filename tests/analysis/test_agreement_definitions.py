"""Agreement figures checked against their textbook definitions computed the
long way (one column per unit, every pair of values), and the edge cases a
lead meets: a coder who did not work on a source, codings that only touch a
turn, one unit. Written to kill planted faults (tests/MUTATION.md)."""

from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.analysis.agreement import (
    agreement,
    char_units,
    cohen_kappa,
    coincidences,
    krippendorff_alpha,
    percent_agreement,
    turn_units,
)
from vos_coder.errors import InvalidInput

value = st.one_of(st.none(), st.integers(0, 3))
data_st = st.integers(1, 8).flatmap(
    lambda n: st.lists(st.lists(value, min_size=n, max_size=n), min_size=2, max_size=4))


def _naive_coincidences(data):
    o: dict = {}
    for col in zip(*data):
        values = [v for v in col if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in permutations(range(m), 2):
            o[(values[i], values[j])] = o.get((values[i], values[j]), 0) + 1 / (m - 1)
    return o


@given(data_st)
def test_coincidences_are_every_ordered_pair_within_a_unit(data):
    o = coincidences(data)
    flat = {(c, k): w for c, row in o.items() for k, w in row.items() if w}
    naive = _naive_coincidences(data)
    assert flat.keys() == naive.keys()
    for key, w in naive.items():
        assert flat[key] == pytest.approx(w)


@given(data_st)
def test_nominal_alpha_is_one_minus_observed_over_expected_disagreement(data):
    naive = _naive_coincidences(data)
    margins: dict = {}
    for (c, _k), w in naive.items():
        margins[c] = margins.get(c, 0) + w
    n = sum(margins.values())
    d_o = sum(w for (c, k), w in naive.items() if c != k)
    d_e = sum(margins[c] * margins[k] for c in margins for k in margins if c != k)
    alpha = krippendorff_alpha(data)
    if n <= 1 or d_e == 0:
        assert alpha is None
    else:
        assert alpha == pytest.approx(1 - (n - 1) * d_o / d_e)


@given(data_st)
def test_percent_agreement_is_the_share_of_pairable_units_that_agree(data):
    cols = [[v for v in col if v is not None] for col in zip(*data)]
    pairable = [c for c in cols if len(c) >= 2]
    expected = (sum(len(set(c)) == 1 for c in pairable) / len(pairable)) if pairable else None
    assert percent_agreement(data) == (pytest.approx(expected) if expected is not None else None)


@settings(max_examples=80)
@given(st.integers(1, 10).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 2), min_size=n, max_size=n),
    st.lists(st.integers(0, 2), min_size=n, max_size=n))))
def test_kappa_is_observed_against_chance_agreement(pair):
    a, b = pair
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    p_e = sum((a.count(c) / n) * (b.count(c) / n) for c in set(a) | set(b))
    kappa = cohen_kappa(a, b)
    if p_e >= 1:
        assert kappa is None
    else:
        assert kappa == pytest.approx((p_o - p_e) / (1 - p_e))


def test_one_unit_on_which_two_coders_differ():
    assert krippendorff_alpha([[1], [0]]) == 0.0
    assert cohen_kappa([1], [0]) == 0.0
    assert percent_agreement([[1], [0]]) == 0.0


def test_a_unit_with_one_value_does_not_stop_the_count():
    data = [[None, 1, 0, 1], [1, 1, 0, 0]]
    assert percent_agreement(data) == pytest.approx(2 / 3)
    assert coincidences(data)[1][1] == 2.0


def test_ratio_alpha_with_zero_counts():
    # Two coders count mentions; zeros agree with zeros.
    alpha = krippendorff_alpha([[0, 0, 2, 3], [0, 1, 2, 3]], "ratio")
    assert alpha is not None and 0 < alpha < 1


def test_ordinal_distance_is_symmetric():
    data = [[1, 2, 3, 3, 2, 1], [1, 3, 3, 2, 2, 1]]
    forward = krippendorff_alpha(data, "ordinal")
    backward = krippendorff_alpha([data[1], data[0]], "ordinal")
    assert forward == pytest.approx(backward)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: percent_agreement([[1, 2]], weights=[1]), "1 weights for 2 units; give one weight per unit"),
    (lambda: percent_agreement([[1, 2], [1]]), "every coder's row must have one value per unit"),
    (lambda: krippendorff_alpha([[1, 2], [2, 1]], "fuzzy"),
     "level 'fuzzy' is not one of nominal, ordinal, interval, ratio"),
    (lambda: cohen_kappa([1, 2], [1]), "kappa needs the two coders' values for the same units"),
    (lambda: char_units(5, {"ana": []}) + char_units(5, {"ben": []}),
     "cannot pool units of different coders"),
])
def test_bad_input_is_refused_with_a_message_that_says_what_to_do(call, message):
    with pytest.raises(InvalidInput) as caught:
        call()
    assert str(caught.value) == message


def test_turn_units_a_coder_who_did_not_work_on_the_source_gives_no_value():
    units = turn_units([(0, 10), (10, 20)], {"ana": [(2, 5)], "ben": None})
    assert units.data == [[0, 1], [None, None]]
    assert units.count == 0


def test_turn_units_a_coding_that_only_touches_a_turn_does_not_code_it():
    units = turn_units([(0, 10), (10, 20), (20, 30)], {"ana": [(0, 10)], "ben": [(10, 20)]})
    # ana coded turn 1, ben turn 2; neither touches turn 3.
    assert sorted(zip(*units.data)) == [(0, 0), (0, 1), (1, 0)]
    assert agreement(units).percent == pytest.approx(1 / 3)


def test_char_units_of_an_empty_source():
    assert char_units(0, {"ana": [(0, 0)], "ben": []}).count == 0


def test_pooling_sources_gives_the_figures_of_all_their_units_together():
    # Source 1: ben did not work on it; source 2: both coded.
    one = char_units(10, {"ana": [(0, 4)], "ben": None})
    two = char_units(8, {"ana": [(0, 4)], "ben": [(2, 6)]})
    pooled = one + two
    assert pooled.coders == ("ana", "ben")
    assert pooled.count == 8
    by_hand = [[1] * 4 + [0] * 6 + [1] * 4 + [0] * 4, [None] * 10 + [0, 0, 1, 1, 1, 1, 0, 0]]
    figures = agreement(pooled)
    assert figures.units == 8
    assert figures.percent == pytest.approx(percent_agreement(by_hand))
    assert figures.alpha == pytest.approx(krippendorff_alpha(by_hand))


def test_char_units_with_a_coder_who_did_not_work_on_the_source_listed_first():
    units = char_units(10, {"ana": None, "ben": [(0, 5)]})
    assert units.data == [[None, None], [1, 0]] or units.data == [[None, None], [0, 1]]
    assert sorted(units.weights) == [5, 5]


def test_three_coders_have_alpha_but_no_kappa():
    units = turn_units([(0, 5), (5, 9)], {"ana": [(0, 5)], "ben": [(0, 5)], "cleo": []})
    figures = agreement(units)
    assert figures.kappa is None
    assert figures.units == 2
    assert figures.alpha is not None
