"""The sweep that finds passages found together agrees with the plain
all-pairs definition: same passage, overlapping, or sharing a speaker turn."""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.analysis.stats import _together
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
