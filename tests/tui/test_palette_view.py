"""Theme colours in the transcript: a passage with two themes shows both
colours; two themes that come to overlap while coding never keep one colour."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, tiny_text
from tests.tui.test_coding import open_source
from vos_coder.core.palette import COLOURS
from vos_coder.store import Project
from vos_coder.tui.widgets import CodebookTree, TranscriptView


def colours_over(view: TranscriptView, start: int, end: int) -> list[str]:
    """The text colour of each character of start:end as rendered on screen
    (the passage must sit on one screen row)."""
    row, col = view.offset_location(start)
    x, y = view.wrapped_document.location_to_offset((row, col))
    strip = view.render_line(y - view.scroll_offset.y)
    out: list[str] = []
    for seg in strip:
        colour = seg.style.color.get_truecolor().hex if seg.style and seg.style.color else ""
        out.extend([colour] * len(seg.text))
    left = view.gutter_width + x
    return out[left:left + (end - start)]


async def test_a_passage_with_two_themes_shows_both_colours(tiny_path):
    text, _ = tiny_text()
    words = "Ajo telefonoi linjën e ndihmës [helpline] për mua"
    a = text.index(words)
    with Project.open(tiny_path) as p:
        p.code(1, a, a + len(words), ["Helpline"], "tester")
        p.code(1, a + 4, a + len(words), ["School"], "tester")  # overlaps from the second word
    app = make_app(tiny_path)
    async with app.run_test(size=(200, 36)) as pilot:
        screen = await open_source(pilot, app)
        ids = {t.name: t.id for t in screen.themes}
        helpline, school = screen.colours[ids["Helpline"]], screen.colours[ids["School"]]
        assert helpline != school and {helpline, school} <= set(COLOURS)
        shown = colours_over(screen.view, a, a + len(words))
        assert set(shown[:3]) == {helpline}  # "Ajo": Helpline alone
        both = shown[4:]
        assert {helpline, school} <= set(both)  # the shared stretch: both colours, word by word
        first, second = set(both[:len("telefonoi")]), set(both[len("telefonoi "):][:len("linjën")])
        assert len(first) == len(second) == 1 and first != second  # word by word, in turn


async def test_themes_that_come_to_overlap_are_recoloured_at_once(tmp_path):
    text, turns = tiny_text()
    from vos_coder.core.model import ParsedSource

    path = tmp_path / "wish.db"
    with Project.create(path, codebook="empty") as p:
        for parent in ("Family", "Services"):
            p.add_theme(parent)
            p.add_theme("Same wish " + parent, parent, colour="#0087ff")  # both wish for one blue
        p.add_source("VoS-AL-01", "Bisedë", ParsedSource(text, turns))
        p.set_quick_key("tester", 1, "Same wish Family")
        p.set_quick_key("tester", 2, "Same wish Services")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        ids = {t.name: t.id for t in screen.themes}
        fam, serv = ids["Same wish Family"], ids["Same wish Services"]
        assert screen.colours[fam] == screen.colours[serv] == "#0087ff"  # not siblings, no overlap yet
        await pilot.press("down", "down", "t", "1", "s", "2")  # the turn, then its first sentence
        await pilot.pause()
        assert screen.colours[fam] != screen.colours[serv]
        assert screen.view._legend[serv].colour == screen.colours[serv]
        assert screen.query_one(CodebookTree).colours == screen.colours  # the panel's swatches follow


async def test_a_light_theme_switches_to_the_light_palette(tiny_path):
    from vos_coder.core.palette import COLOURS_LIGHT

    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        assert set(screen.colours.values()) <= set(COLOURS)
        app.theme = "textual-light"
        await pilot.pause()
        assert set(screen.colours.values()) <= set(COLOURS_LIGHT)
        assert {lg.colour for lg in screen.view._legend.values()} == set(screen.colours.values())
        assert screen.query_one(CodebookTree).colours == screen.colours
