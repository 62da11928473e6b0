"""g / ctrl+home and G / ctrl+end go to the start and end of the transcript
(shift adds the selection); the help lists them, from the bindings in force."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, settle, tiny_text
from tests.tui.test_coding import open_source
from vos_coder.tui.screens.help import HelpScreen


async def test_g_and_G_and_ctrl_home_end_go_to_either_end(tiny_path):
    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=(60, 12)) as pilot:  # small: the transcript scrolls
        screen = await open_source(pilot, app)
        view = screen.view
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor_offset == len(text)
        assert view.scroll_offset.y > 0  # scrolled to the end
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor_offset == 0 and view.scroll_offset.y == 0
        await pilot.press("down", "down", "ctrl+end", "ctrl+home", "ctrl+end")  # one sequence, no waits
        await pilot.pause()
        assert view.cursor_offset == len(text)
        await pilot.press("ctrl+home", "down", "down", "right")
        await pilot.pause()
        here = view.cursor_offset
        assert 0 < here < len(text)
        await pilot.press("ctrl+shift+end")
        await pilot.pause()
        assert view.selected_span() == (here, len(text))
        await pilot.press("ctrl+shift+home")
        await pilot.pause()
        assert view.selected_span() == (0, here)
        await pilot.press("ctrl+f", *"Gg")  # in the find bar they are letters
        await pilot.pause()
        assert screen.query_one("#find").value == "Gg"


async def test_help_lists_the_transcript_ends_and_no_editing_keys(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await pilot.press("f1")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys")
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}
    assert "g" in rows["Start"] and "home" in rows["Start"]
    assert "G" in rows["End"] and "end" in rows["End"]
    assert "Labels" in rows and "Quick key" not in rows  # the codebook panel's keys only when it has focus
    assert not set(rows) & {"Delete character left", "Cut", "Paste", "Delete line"}
