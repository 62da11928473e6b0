"""Quick keys 1-9 per coder: assigned in the codebook panel (K, then the
digit), kept in the project file, used after a restart; each coder has their own."""

from __future__ import annotations

import re

from tests.tui.conftest import SIZE, make_app, rows, settle
from tests.tui.test_coding import EXCERPTS, open_source
from vos_coder.store import Project
from vos_coder.tui.dialogs import QuickKeyDialog
from vos_coder.tui.widgets import CodebookTree

KEYS = "SELECT k.coder, k.digit, t.name FROM quick_keys k JOIN themes t ON t.id = k.theme_id " \
       "ORDER BY k.coder, k.digit"
CODED = "SELECT c.coder, t.name FROM codings c JOIN themes t ON t.id = c.theme_id ORDER BY c.coder, t.name"


def _labels(tree: CodebookTree) -> list[str]:
    """Each theme's line without its counts ("3·2p")."""
    return [re.sub(r"\s+\d+·\d+p$", "", str(tree.get_node_at_line(i).label)) for i in range(tree.last_line + 1)]


async def test_assign_in_the_codebook_panel_then_code_after_a_restart(tiny_path):
    app = make_app(tiny_path, coder="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        tree = screen.query_one(CodebookTree)
        # the default: the first nine themes in codebook order
        assert _labels(tree) == ["1 ■ Silence [family]", "2 ■ Helpline", "3 ■ School"]
        await pilot.press("tab")  # from the transcript to the codebook panel
        await pilot.pause()
        assert app.focused is tree
        tree.move_cursor(tree.get_node_at_line(2))  # School
        await pilot.pause()
        await pilot.press("K", "1")  # the whole sequence, no wait between
        await settle(pilot, app)
        assert not isinstance(app.screen, QuickKeyDialog)
        assert _labels(tree) == ["  ■ Silence [family]", "2 ■ Helpline", "1 ■ School"]
    # the keys shown before the change are kept with it: 2 still Helpline
    assert rows(tiny_path, KEYS) == [("ana", 1, "School"), ("ana", 2, "Helpline")]

    app = make_app(tiny_path, coder="ana")  # a restart
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        assert _labels(screen.query_one(CodebookTree))[2] == "1 ■ School"
        await pilot.press("down", "down", "t", "1", "down", "down", "down", "down", "t", "3")
        await settle(pilot, app)
    assert rows(tiny_path, CODED) == [("ana", "School")]  # 3 codes with nothing now
    [(_start, _end, text)] = rows(tiny_path, EXCERPTS, ["School"])
    assert text.startswith("Mësuesja më dëgjoi")


async def test_two_coders_keep_different_keys(tiny_path):
    with Project.open(tiny_path) as p:
        p.set_quick_key("ana", 1, "Helpline")
        p.set_quick_key("blerta", 1, "School")
    for coder in ("ana", "blerta", "dritan"):
        app = make_app(tiny_path, coder=coder)
        async with app.run_test(size=SIZE) as pilot:
            await open_source(pilot, app)
            await pilot.press("down", "down", "t", "1")
            await settle(pilot, app)
    # dritan assigned nothing: 1 is the first theme in codebook order
    assert rows(tiny_path, CODED) == [("ana", "Helpline"), ("blerta", "School"),
                                      ("dritan", "Silence [family]")]


async def test_zero_frees_a_key_and_escape_changes_nothing(tiny_path):
    app = make_app(tiny_path, coder="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        tree = screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(tree.get_node_at_line(1))  # Helpline, on 2 by default
        await pilot.press("K", "escape")
        await settle(pilot, app)
        assert rows(tiny_path, KEYS) == []
        await pilot.press("K", "0")
        await settle(pilot, app)
        assert rows(tiny_path, KEYS) == [("ana", 1, "Silence [family]"), ("ana", 3, "School")]
        screen.set_focus(screen.view)
        await pilot.press("down", "down", "t", "2")
        await settle(pilot, app)
    assert rows(tiny_path, CODED) == []


def test_merging_a_theme_moves_its_key_and_deleting_frees_it(tiny_path):
    def keys(p, coder):
        return {d: t.name for d, t in p.quick_keys(coder).themes.items()}

    with Project.open(tiny_path) as p:
        p.set_quick_key("ana", 5, "School")
        p.set_quick_key("ana", 2, None)
        p.set_quick_key("blerta", 5, "School")  # blerta keeps Helpline on 2
        p.merge_theme("School", "Helpline")
        assert keys(p, "ana") == {1: "Silence [family]", 5: "Helpline"}
        assert keys(p, "blerta") == {1: "Silence [family]", 2: "Helpline"}  # one digit per theme
        p.delete_theme("Helpline")
        assert keys(p, "ana") == {1: "Silence [family]"}
        p.set_quick_key("ana", 1, None)  # the last saved key freed: the default again
        assert keys(p, "ana") == {1: "Silence [family]"} and p.quick_keys("ana").default


async def test_help_names_the_theme_on_each_quick_key(tiny_path):
    from vos_coder.tui.screens.help import HelpScreen

    with Project.open(tiny_path) as p:
        p.set_quick_key("ana", 1, "School")
        p.set_quick_key("ana", 3, None)
    app = make_app(tiny_path, coder="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await pilot.press("f1")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys")
        rows_ = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
    assert rows_["1"] == "Code with School"
    assert rows_["2"] == "Code with Helpline"
    assert rows_["3"].startswith("Code with (no theme")
