"""Theme browser, search, help, codebook editing, palette, and bad input."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from vos_coder.cli import app as cli_app
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3
from vos_coder.tui.screens.browser import ThemeBrowser
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.screens.help import HelpScreen
from vos_coder.tui.screens.search import SearchScreen


def _code(path, word: str, theme: str) -> tuple[int, int]:
    text, _ = tiny_text()
    start = text.index(word)
    with Project.open(path) as p:
        p.code(1, start, start + len(word), [theme], "tester")
    return start, start + len(word)


async def test_browser_approves_excludes_and_sets_display_text(tiny_path):
    _code(tiny_path, "Heshtja ishte rregull i shtëpisë.", "Silence [family]")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, ThemeBrowser)
        await pilot.press("a")
        await pilot.pause()
        assert rows(tiny_path, "SELECT status FROM quotes") == [("approved",)]
        await pilot.press("x")
        await pilot.pause()
        assert rows(tiny_path, "SELECT status FROM quotes") == [("excluded",)]
        await pilot.press("e")
        await pilot.pause()
        inp = app.screen.query_one("#answer")
        inp.value = "Heshtja ishte rregull […]."
        await pilot.press("enter")
        await pilot.pause()
        assert rows(tiny_path, "SELECT display_text FROM quotes") == [("Heshtja ishte rregull […].",)]
        # an unfaithful display text is refused with a notification, not a crash
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#answer").value = "Something else entirely."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ThemeBrowser)
    assert rows(tiny_path, "SELECT display_text FROM quotes") == [("Heshtja ishte rregull […].",)]


async def test_search_is_accent_insensitive_and_opens_the_hit(tiny_path):
    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"degjoi", "enter")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CodingScreen)
        start = text.index("dëgjoi")
        assert app.screen.view.selected_span() == (start, start + 6)


async def test_search_misspelling_finds_the_closest_word(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"mesuesjaa", "enter")
        await settle(pilot, app)
        table = app.screen.query_one("#hits")
        assert table.row_count == 1
        assert "mësuesja" in str(app.screen.query_one("#search-note").render()).casefold()


async def test_help_lists_every_binding_with_its_tooltip(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys")
        actions = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"Code…", "Undo", "Redo", "Turn", "Next coded", "Find"} <= actions


async def test_codebook_add_existing_name_notifies(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        tree = app.screen.query_one("#codebook")
        tree.focus()
        tree.move_cursor_to_line(0)  # Silence [family]
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#answer").value = "Helpline"
        await pilot.press("enter")
        await pilot.pause()
        assert any("already exists" in n.message for n in app._notifications)
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#answer").value = "Silence [at home]"
        await pilot.press("enter")
        await pilot.pause()
        label = tree.get_node_at_line(0).label.plain
        assert "Silence [at home]" in label  # brackets kept: never parsed as markup
    names = [r[0] for r in rows(tiny_path, "SELECT name FROM themes ORDER BY id")]
    assert names == ["Silence [at home]", "Helpline", "School"]


async def test_locked_database_is_retried_then_reported(tiny_path):
    _text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("down", "down", "t")
        blocker = sqlite3.connect(tiny_path, timeout=0)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("1")
            await pilot.pause()
        finally:
            blocker.rollback()
            blocker.close()
        assert any("busy in another program" in n.message for n in app._notifications)
        assert rows(tiny_path, "SELECT count(*) FROM codings") == [(0,)]
        await pilot.press("1")  # free again: the same key works
        await pilot.pause()
    assert rows(tiny_path, "SELECT count(*) FROM codings") == [(1,)]


async def test_palette_offers_themes_with_brackets(tiny_path):
    from textual.command import CommandPalette

    from vos_coder.tui.commands import VosCommands

    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        provider = VosCommands(app.screen)
        await provider.startup()
        hits = [h async for h in provider.search("silence family")]
        texts = [str(h.text) for h in hits]
        assert "Apply theme: Silence [family]" in texts
        assert any(str(h.match_display) == "Apply theme: Silence [family]" for h in hits)
        del CommandPalette


def test_open_refuses_a_newer_database_before_the_ui(tiny_path):
    con = sqlite3.connect(tiny_path)
    con.execute("PRAGMA user_version = 999")
    con.close()
    r = CliRunner().invoke(cli_app, ["open", "--db", str(tiny_path)])
    assert r.exit_code != 0
    assert "newer vos-coder" in r.output
    assert "Traceback" not in r.output


def test_open_help_has_an_example():
    r = CliRunner().invoke(cli_app, ["open", "--help"])
    assert r.exit_code == 0 and "Example: vos-coder open" in r.output
