"""Margin labels: beside the rows they mark, every theme named (several per
row when a turn has fewer rows than themes), whole names with L."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, tiny_text
from tests.tui.test_coding import open_source
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.store import Project
from vos_coder.tui.widgets import margin_labels
from vos_coder.tui.widgets.transcript_view import TranscriptView


def test_each_theme_at_its_first_row_or_the_next_free_one():
    assert margin_labels.place({"a": (0, 0), "b": (2, 3), "c": (2, 2)}, 4) == [["a"], [], ["b"], ["c"]]
    # crowded at the bottom: moved up only as far as needed
    assert margin_labels.place({"a": (3, 3), "b": (3, 3), "c": (3, 3)}, 4) == [[], ["a"], ["b"], ["c"]]
    # more themes than rows: several per row, none left out
    assert margin_labels.place({"a": (0, 0), "b": (0, 0), "c": (0, 0)}, 1) == [["a", "b", "c"]]
    assert margin_labels.place({k: (0, 1) for k in "abcde"}, 2) == [["a", "b", "c"], ["d", "e"]]


def test_first_and_last_rows_come_from_the_wrap_offsets():
    # a line wrapped at columns 10 and 20: sections 0 (0-9), 1 (10-19), 2 (20-)
    parts = [(0, 5, ("a",)), (12, 25, ("b", "c")), (25, 30, ("c",))]
    assert margin_labels.spans_of(parts, [10, 20]) == {"a": (0, 0), "b": (1, 2), "c": (1, 2)}


def test_a_row_with_three_themes_names_each_and_a_long_name_ends_in_an_ellipsis():
    legend = {"a": ("Culture of silence", "#ff0000"), "b": ("Helpline", "#00ff00"), "c": ("School", "#0000ff")}
    cells = margin_labels.render(["a", "b", "c"], legend.__getitem__, 18)
    assert "".join(s.text for s in cells) == "▌Cult…▌Help…▌Sch… "  # fair shares of 17 cells
    assert {s.style.color.name for s in cells if s.style and s.style.color} == {"#ff0000", "#00ff00", "#0000ff"}
    assert margin_labels.shares([19, 9, 7], 40) == [19, 9, 7]  # all fit: whole names
    assert margin_labels.shares([19, 3, 7], 17) == [7, 3, 7]  # a short label leaves room to the others
    one = "".join(s.text for s in margin_labels.render(["a"], legend.__getitem__, 18))
    assert one == "▌Culture of sile… " and len(one) == 18


def _margin_text(view: TranscriptView, y: int) -> str:
    strip = view.render_line(y - view.scroll_offset.y)
    return "".join(seg.text for seg in strip)[: view.gutter_width]


def _rows_of(view: TranscriptView, offset: int) -> int:
    return view.wrapped_document.location_to_offset(view.offset_location(offset))[1]


async def test_labels_sit_beside_the_rows_they_mark(tmp_path):
    long = " ".join(["Fjalë e gjatë pa kuptim të veçantë."] * 12)  # a turn that wraps over several rows
    text = f"Participant: {long}\n"
    turns = (Turn(1, "Participant", 0, len(text) - 1),)
    path = tmp_path / "long.db"
    with Project.create(path, codebook="empty") as p:
        p.add_theme("Culture of silence inside the house")
        p.add_theme("Helpline")
        p.add_theme("School")
        p.add_source("VoS-AL-01", "Bisedë", ParsedSource(text, turns))
        end = len(text) - 1
        p.code(1, end - 30, end, ["Helpline"], "tester")  # only the last words of the turn
        p.code(1, 13, 40, ["School", "Culture of silence inside the house"], "tester")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        view = screen.view
        last = _rows_of(view, end - 1)
        assert last >= 3  # the turn wraps
        assert "Helpline" in _margin_text(view, last)  # beside its words, not stacked at the top
        assert all("Helpline" not in _margin_text(view, y) for y in range(last))
        top = [_margin_text(view, y) for y in (0, 1)]
        assert any("School" in m for m in top) and any("Culture of" in m for m in top)
        assert all("Culture of silence inside" not in m for m in top)  # cut with …
        assert any("…" in m for m in top)
        await pilot.press("L")  # whole names
        await pilot.pause()
        assert view.gutter_width > screen.view.margin_width
        assert any("Culture of silence inside the house" in _margin_text(view, y)
                   for y in range(3))
        await pilot.press("L")
        await pilot.pause()
        assert view.gutter_width == view.margin_width


async def test_a_one_line_turn_with_three_themes_shows_all_three(tiny_path):
    text, _ = tiny_text()
    words = "Heshtja ishte rregull i shtëpisë."
    a = text.index(words)
    with Project.open(tiny_path) as p:
        p.code(1, a, a + len(words), ["Silence [family]", "Helpline", "School"], "tester")
    app = make_app(tiny_path)
    async with app.run_test(size=(200, 36)) as pilot:
        screen = await open_source(pilot, app)
        view = screen.view
        y = _rows_of(view, a)
        assert view.wrapped_document.get_offsets(view.offset_location(a)[0]) == []  # one row
        margin = _margin_text(view, y)
        assert margin.count("▌") == 3
        assert all(name[:3] in margin for name in ("Silence", "Helpline", "School"))
        assert "more" not in margin
        await pilot.press("L")
        await pilot.pause()
        margin = _margin_text(view, _rows_of(view, a))  # rows above may wrap anew
        assert "Silence [family]" in margin and "Helpline" in margin and "School" in margin
