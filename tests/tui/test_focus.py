"""Focus goes where the next key expects it, after every dialog and search,
one test per screen (the coding screen's own dialogs: test_typing.py).
Each step presses keys as a user does and then checks which widget the next
key reaches; a wrong focus would send letters to the wrong widget."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TextArea

from tests.tui.conftest import SIZE, make_app, settle, tiny_text
from tests.tui.test_coding import open_source
from vos_coder.store import Project
from vos_coder.tui.dialogs import ConfirmDialog, TextInputDialog
from vos_coder.tui.screens.browser import ThemeBrowser
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.screens.memos import MemosScreen
from vos_coder.tui.screens.overview import OverviewScreen
from vos_coder.tui.screens.search import SearchScreen
from vos_coder.tui.widgets import CodebookTree


def _focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


def _code_the_school_sentence(path) -> None:
    text, _ = tiny_text()
    start = text.index("Heshtja ishte rregull")
    with Project.open(path) as p:
        p.code(1, start, start + len("Heshtja ishte rregull i shtëpisë."), ["Silence [family]"],
               "tester")
        p.add_memo("project", None, "A note on the whole project.")


async def test_overview_filter_returns_to_the_sources(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert _focused_id(app) == "sources"
        await pilot.press("f")
        await pilot.pause()
        assert _focused_id(app) == "filter-input"
        await pilot.press("escape")  # closed without a change
        await settle(pilot, app)
        assert _focused_id(app) == "sources"
        await pilot.press("f", *"-p VoS-AL-01", "enter")  # a filter applied
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen) and _focused_id(app) == "sources"
        await pilot.press("enter")  # the next key opens the highlighted source
        await settle(pilot, app)
        assert isinstance(app.screen, CodingScreen)


async def test_search_focus_query_then_hits_then_back(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and _focused_id(app) == "query"
        await pilot.press(*"familje", "enter")
        await settle(pilot, app)
        assert _focused_id(app) == "hits"  # arrows and space work on the hits at once
        await pilot.press("ctrl+l")  # a new search: letters go to the query again
        await pilot.pause()
        assert _focused_id(app) == "query"
        query = app.screen.query_one("#query", Input)
        query.value = ""
        await pilot.press(*"nowhere", "enter")  # nothing found: the query keeps the focus
        await settle(pilot, app)
        assert _focused_id(app) == "query"
        query.value = ""
        await pilot.press(*"familje", "enter", "enter")  # search, then open the first hit
        await settle(pilot, app)
        assert isinstance(app.screen, CodingScreen) and app.focused is app.screen.view
        await pilot.press("escape")  # back to the hits where the user left them
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen) and _focused_id(app) == "hits"
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen) and _focused_id(app) == "sources"


async def test_browser_display_text_dialog_returns_to_the_quotes(tiny_path):
    _code_the_school_sentence(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, ThemeBrowser)
        table_id = _focused_id(app)
        assert isinstance(app.focused, DataTable), app.focused
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextInputDialog) and _focused_id(app) == "answer"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ThemeBrowser) and _focused_id(app) == table_id
        await pilot.press("E")  # the export dialog, closed
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ThemeBrowser) and _focused_id(app) == table_id


async def test_memos_dialogs_return_to_the_memo_list(tiny_path):
    _code_the_school_sentence(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("M")
        await settle(pilot, app)
        assert isinstance(app.screen, MemosScreen) and _focused_id(app) == "memos"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)  # the new memo's text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemosScreen) and _focused_id(app) == "memos"
        await pilot.press("d")  # delete asks first; no keeps it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MemosScreen) and _focused_id(app) == "memos"


async def test_codebook_dialogs_return_to_the_codebook(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        tree = screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(tree.get_node_at_line(0))  # Silence [family]
        await pilot.pause()
        for key, dialog in (("f2", TextInputDialog), ("e", TextInputDialog), ("a", TextInputDialog),
                            ("delete", ConfirmDialog)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog), key
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and app.focused is tree, key
