"""Codebook care in the workbench: delete (confirmed, saying how many codings go),
merge into another theme, reorder; each landing in the project file."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from vos_coder.store import Project
from vos_coder.tui.dialogs import ConfirmDialog, ThemePicker
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.widgets import CodebookTree

THEMES = "SELECT name FROM themes ORDER BY position, id"


def _code_two(path):
    text, _ = tiny_text()
    with Project.open(path) as p:
        for words in ("Heshtja ishte rregull i shtëpisë.", "Mësuesja më dëgjoi me kujdes."):
            start = text.index(words)
            p.code(1, start, start + len(words), ["Silence [family]"], "tester")


async def _tree(pilot, app) -> CodebookTree:
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, CodingScreen)
    tree = app.screen.query_one(CodebookTree)
    tree.focus()
    tree.move_cursor(tree.get_node_at_line(0))  # Silence [family]
    await pilot.pause()
    return tree


async def test_delete_asks_saying_how_many_codings_go(tiny_path):
    _code_two(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        tree = await _tree(pilot, app)
        assert tree.current.name == "Silence [family]"
        await pilot.press("delete")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "2 coding(s)" in app.screen.question and "Silence [family]" in app.screen.question
        await pilot.press("n")
        await settle(pilot, app)
        assert rows(tiny_path, "SELECT count(*) FROM codings") == [(2,)]
        await pilot.press("delete", "y")
        await settle(pilot, app)
    assert rows(tiny_path, THEMES) == [("Helpline",), ("School",)]
    assert rows(tiny_path, "SELECT count(*) FROM codings") == [(0,)]


async def test_merge_moves_codings_into_the_chosen_theme(tiny_path):
    _code_two(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await _tree(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        assert isinstance(app.screen, ThemePicker)
        assert "Silence [family]" not in [t.name for t in app.screen.themes]
        await pilot.press(*"school", "enter")
        await settle(pilot, app)
    assert rows(tiny_path, THEMES) == [("Helpline",), ("School",)]
    assert rows(tiny_path, "SELECT t.name, count(*) FROM codings c JOIN themes t ON t.id = c.theme_id "
                           "GROUP BY t.name") == [("School", 2)]


async def test_reorder_with_ctrl_arrows(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        tree = await _tree(pilot, app)
        await pilot.press("ctrl+down")
        await settle(pilot, app)
        assert rows(tiny_path, THEMES) == [("Helpline",), ("Silence [family]",), ("School",)]
        assert tree.current.name == "Silence [family]"  # the cursor follows the theme
        await pilot.press("ctrl+down", "ctrl+down")  # the last place: it stays
        await settle(pilot, app)
        assert rows(tiny_path, THEMES) == [("Helpline",), ("School",), ("Silence [family]",)]
        await pilot.press("ctrl+up")
        await settle(pilot, app)
    assert rows(tiny_path, THEMES) == [("Helpline",), ("Silence [family]",), ("School",)]


async def test_help_lists_only_keys_that_apply_to_a_read_only_transcript(tiny_path):
    from vos_coder.tui.screens.help import HelpScreen

    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("f1")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys")
        actions = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
    assert {"Code…", "Undo", "Copy", "Cursor up"} <= actions
    assert not actions & {"Delete character left", "Delete character right", "Cut", "Paste", "Delete line"}
