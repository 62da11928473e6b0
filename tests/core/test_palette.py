"""The workbench's theme colours: siblings and themes on overlapping passages
stay distinguishable (CIEDE2000, measured with coloraide) in truecolor and
after Rich's quantisation to the 256-colour palette, which is what a
256-colour terminal shows."""

from __future__ import annotations

import itertools

import pytest
from coloraide import Color
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import Color as RichColor
from rich.color import ColorSystem

from vos_coder.core.model import Theme
from vos_coder.core.palette import (
    COLOURS,
    COLOURS_LIGHT,
    MIN_DELTA_E,
    assign,
    neighbours,
    overlap_pairs,
    stripes,
)
from vos_coder.store import Project

TEXT = "#e0e0e0"  # textual-dark's text


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def in_256(hex_colour: str) -> str:
    """What a 256-colour terminal shows for a truecolor hex (Rich's downgrade)."""
    return RichColor.parse(hex_colour).downgrade(ColorSystem.EIGHT_BIT).get_truecolor().hex


PALETTES = {"dark": (COLOURS, TEXT, "#1e1e1e", (55, 100)),
            "light": (COLOURS_LIGHT, "#1f1f1f", "#d8d8d8", (25, 55))}  # textual-dark / -light


@pytest.mark.parametrize("name", PALETTES)
def test_every_two_palette_colours_are_far_apart_in_truecolor_and_256_colours(name):
    colours, text, surface, (lo, hi) = PALETTES[name]
    assert len(set(colours)) == len(colours) >= 12
    for a, b in itertools.combinations(colours, 2):
        assert de(a, b) >= MIN_DELTA_E, (a, b)
        assert de(in_256(a), in_256(b)) >= MIN_DELTA_E, (a, b)
    for c in colours:
        assert in_256(c) == c  # cube colours: nothing moves in 256 colours
        assert de(c, text) >= MIN_DELTA_E  # a coded span never looks like plain text
        assert lo <= Color(c).convert("lab")["lightness"] <= hi
        assert Color(c).contrast(Color(surface), method="wcag21") >= 3  # readable on the background


def test_a_light_theme_gets_the_light_palette():
    themes = _themes({"A": ["x", "y"]})
    assert set(assign(themes, light=True).values()) <= set(COLOURS_LIGHT)
    assert set(assign(themes).values()) <= set(COLOURS)


def test_a_passage_with_several_themes_shows_each_colour():
    line = "She told nobody at school, not even her sister."
    pieces = stripes(line, 4, 25, 2)  # "told nobody at school"
    assert [(line[a:b], i) for a, b, i in pieces] == [("told ", 0), ("nobody ", 1), ("at ", 0), ("school", 1)]
    w = line.index("school")
    one_word = stripes(line, w, w + 6, 3)  # fewer words than themes: cut in three
    assert [(line[a:b], i) for a, b, i in one_word] == [("sc", 0), ("ho", 1), ("ol", 2)]
    assert stripes(line, 0, 3, 1) == [(0, 3, 0)]


@given(st.text(alphabet=" ab\u00eb.", max_size=40), st.integers(0, 40), st.integers(0, 40), st.integers(1, 4))
def test_stripes_cover_the_stretch_exactly_and_use_every_theme_they_can(line, a, b, n):
    a, b = sorted((min(a, len(line)), min(b, len(line))))
    pieces = stripes(line, a, b, n)
    assert [p for p in pieces if p[0] >= p[1]] == []
    covered = [x for p in pieces for x in range(p[0], p[1])]
    assert covered == list(range(a, b))
    if b - a >= n:
        assert {i for *_r, i in pieces} == set(range(n))


def _themes(tree: dict[str, list[str]]) -> list[Theme]:
    out, n = [], 0
    for parent, kids in tree.items():
        n += 1
        pid = n
        out.append(Theme(pid, f"u{pid}", parent, None, parent, 0, "#4c78a8"))
        for i, kid in enumerate(kids):
            n += 1
            # every sibling wishes for nearly the same blue (the starter codebook's habit)
            out.append(Theme(n, f"u{n}", kid, pid, f"{parent}/{kid}", 1, f"#4c78{0xa0 + i:02x}"))
    return out


def _assert_distinct(themes, pairs):
    shown = assign(themes, pairs)
    for a, near in neighbours(themes, pairs).items():
        for b in near:
            assert de(shown[a], shown[b]) >= MIN_DELTA_E
            assert de(in_256(shown[a]), in_256(shown[b])) >= MIN_DELTA_E
    return shown


def test_siblings_that_all_wish_for_one_blue_get_distinct_colours():
    themes = _themes({"Reporting": [f"R{i}" for i in range(8)], "Support": [f"S{i}" for i in range(5)],
                      "Stigma": [f"T{i}" for i in range(5)]})
    shown = _assert_distinct(themes, [])
    assert len({shown[t.id] for t in themes if t.parent_id == 1}) == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60), st.integers(1, 21)), max_size=60))
def test_themes_on_overlapping_passages_get_distinct_colours(codings):
    themes = _themes({"Reporting": [f"R{i}" for i in range(8)], "Support": [f"S{i}" for i in range(5)],
                      "Stigma": [f"T{i}" for i in range(5)]})
    spans = [(a, a + n, k) for a, n, k in codings]
    pairs = overlap_pairs(spans)
    degree = {t.id: len(v) for t, v in zip(themes, neighbours(themes, pairs).values())}
    if max(degree.values(), default=0) >= len(COLOURS):
        return  # more neighbours than colours: no colouring can exist
    _assert_distinct(themes, pairs)


def test_overlap_pairs_are_the_themes_whose_spans_overlap():
    assert overlap_pairs([(0, 10, 1), (5, 15, 2), (15, 20, 3), (12, 16, 3)]) == {(1, 2), (2, 3)}
    assert overlap_pairs([(0, 10, 1), (10, 20, 2)]) == set()  # touching is not overlapping


def test_the_demo_project_every_source(demo_path):
    with Project.open(demo_path) as p:
        themes = p.themes()
        assert len({t.colour for t in themes if t.parent_id == themes[0].id}) > 1  # stored: shades of blue
        for s in p.sources():
            spans = [(e.start, e.end, c.theme_id) for e, cs in p.excerpts(s.id) for c in cs]
            _assert_distinct(themes, overlap_pairs(spans))


def test_a_stored_colour_is_followed_when_it_is_free():
    themes = _themes({"A": ["x"], "B": []})
    themes = [Theme(t.id, t.uuid, t.name, t.parent_id, t.path, t.depth, c)
              for t, c in zip(themes, ("#ff0000", "#00ff00", "#0000ff"))]
    shown = assign(themes)
    assert shown[1] == "#ff5f00" and shown[2] == "#00ff00" and shown[3] == "#0087ff"


@pytest.mark.parametrize("bad", ["", "not-a-colour", "#12"])
def test_a_theme_without_a_usable_colour_still_gets_one(bad):
    [t] = _themes({"A": []})
    t = Theme(t.id, t.uuid, t.name, None, t.path, 0, bad)
    assert assign([t])[t.id] in COLOURS


def test_colours_shown_stay_unless_a_new_overlap_forces_one_to_move():
    themes = _themes({"A": ["x", "y"], "B": ["z", "w"]})
    first = assign(themes)
    assert assign(themes, keep=first) == first
    ids = {t.name: t.id for t in themes}
    same = next((a, b) for a in ("x", "y") for b in ("z", "w") if first[ids[a]] == first[ids[b]])
    pair = (ids[same[0]], ids[same[1]])  # cousins that share a colour, now overlapping
    moved = assign(themes, [pair], keep=first)
    assert moved[pair[0]] != moved[pair[1]]
    assert sum(moved[t.id] != first[t.id] for t in themes) == 1  # only the later one moved
