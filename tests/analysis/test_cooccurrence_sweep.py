"""The sweep that finds passages found together agrees with the plain
all-pairs definition: same passage, overlapping, or sharing a speaker turn."""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.analysis.cooccurrence import _together, source_counts
from vos_coder.core.model import Turn


def brute(passages, turns):
    def touched(p):
        return {t.n for t in turns if t.start < p.end and p.start < t.end}
    out = set()
    for i, a in enumerate(passages):
        for b in passages[i:]:
            if a is b or (a.start < b.end and b.start < a.end) or touched(a) & touched(b):
                out.add(frozenset((id(a), id(b))))
    return out


@st.composite
def sources(draw):
    cuts = sorted(draw(st.sets(st.integers(0, 300), max_size=12)))
    turns, n = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if b > a:
            n += 1
            turns.append(Turn(n, "P", a, b))
    passages = []
    for i in range(draw(st.integers(0, 15))):
        start = draw(st.integers(0, 299))
        passages.append(SimpleNamespace(start=start, end=draw(st.integers(start + 1, 300)), excerpt_id=i))
    return passages, turns


@settings(max_examples=300, deadline=None)
@given(sources())
def test_sweep_finds_exactly_the_pairs_of_the_definition(source):
    passages, turns = source
    got = {frozenset((id(a), id(b))) for a, b in _together(passages, turns)}
    assert got == brute(passages, turns)


@st.composite
def coded_sources(draw):
    """Turns (in order, with gaps, some empty) and passages anywhere, even
    across a turn's edge or in no turn, each coded with 1-3 of 5 themes."""
    passages, turns = draw(sources())
    if draw(st.booleans()):
        turns = []
    coded = [(p.start, p.end, tuple(sorted(draw(st.sets(st.integers(0, 4), min_size=1, max_size=3)))))
             for p in passages]
    return coded, turns


def brute_counts(coded, turns):
    """Per theme pair, the pairs of passages found together, by the definition."""
    def touched(s, e):
        return {t.n for t in turns if t.start < e and s < t.end}
    counts = {}
    for i, (sa, ea, ta) in enumerate(coded):
        for sb, eb, tb in coded[i:]:
            if (sa, ea, ta) is (sb, eb, tb) or (sa < eb and sb < ea) or touched(sa, ea) & touched(sb, eb):
                for key in {tuple(sorted((x, y))) for x in ta for y in tb if x != y}:
                    counts[key] = counts.get(key, 0) + 1
    return counts


@settings(max_examples=400, deadline=None)
@given(coded_sources())
def test_counting_sweep_gives_the_counts_of_the_definition(source):
    coded, turns = source
    got = {k: n for k, n in source_counts(coded, turns).items() if n}
    assert got == brute_counts(coded, turns)


def test_turns_out_of_order_fall_back_to_the_pairs_and_count_the_same():
    turns = [Turn(1, "P", 50, 90), Turn(2, "P", 0, 40)]
    coded = [(0, 10, (0,)), (20, 30, (1,)), (55, 60, (2,)), (60, 95, (0, 2))]
    assert {k: n for k, n in source_counts(coded, turns).items() if n} == brute_counts(coded, turns)
