"""The memos panel: memos on what is in view, added, edited and deleted from the
workbench, landing in the project file; memos found by the project search."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from vos_coder.store import Project
from vos_coder.tui.messages import OpenSource
from vos_coder.tui.screens.memos import MemosScreen
from vos_coder.tui.screens.search import SearchScreen

MEMOS = "SELECT target_kind, target_id, text, author FROM memos ORDER BY id"


async def _type_memo(pilot, app, text: str) -> None:
    await settle(pilot, app)
    area = app.screen.query_one("#memo-text")
    area.text = text
    await pilot.press("ctrl+s")
    await settle(pilot, app)


@pytest.mark.encrypted_too
async def test_add_edit_delete_from_the_overview(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("M")
        await settle(pilot, app)
        assert isinstance(app.screen, MemosScreen)
        assert [t.kind for t in app.screen.targets] == ["source", "participant", "project"]
        await pilot.press("a")
        await _type_memo(pilot, app, "Read this one again [slowly]")
        assert rows(tiny_path, MEMOS) == [("source", 1, "Read this one again [slowly]", "tester")]
        shown = app.screen.query_one("#memo-full").render()
        assert "Read this one again [slowly]" in str(shown)  # brackets kept: never markup
        await pilot.press("e")
        await _type_memo(pilot, app, "Read it again, with the interviewer")
        assert rows(tiny_path, MEMOS) == [("source", 1, "Read it again, with the interviewer", "tester")]
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("n")  # no: nothing deleted
        await settle(pilot, app)
        assert len(rows(tiny_path, MEMOS)) == 1
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert rows(tiny_path, MEMOS) == []


async def test_memo_on_the_coded_passage_under_the_cursor(tiny_path):
    text, _ = tiny_text()
    start = text.index("Heshtja")
    end = start + len("Heshtja ishte rregull i shtëpisë.")
    with Project.open(tiny_path) as p:
        p.code(1, start, end, ["Helpline"], "tester")
        eid = p.excerpts(1)[0][0].id
        p.add_memo("theme", p.theme("School").id, "not in view")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.post_message(OpenSource(1, start, end))
        await settle(pilot, app)
        await pilot.press("M")
        await settle(pilot, app)
        assert app.screen.targets[0].kind == "excerpt" and app.screen.targets[0].id == eid
        assert app.screen.query_one("#memos").row_count == 0  # the School memo is not in view
        await pilot.press("a")
        await _type_memo(pilot, app, "Silence as a house rule")
        await pilot.press("A")  # every memo of the project
        await settle(pilot, app)
        assert app.screen.query_one("#memos").row_count == 2
    assert rows(tiny_path, MEMOS)[-1] == ("excerpt", eid, "Silence as a house rule", "tester")


async def test_whole_sequence_without_waits(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("M", "a", *"quick", "ctrl+s", "escape")
        await settle(pilot, app)
    assert rows(tiny_path, "SELECT text FROM memos") == [("quick",)]


@pytest.mark.encrypted_too
async def test_project_search_finds_memos(tiny_path):
    with Project.open(tiny_path) as p:
        p.add_memo("project", None, "Ask the interviewer about the lighthouse")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await settle(pilot, app)
        await pilot.press(*"lighthouse", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        assert "1 memo" in str(app.screen.query_one("#search-note").render())
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MemosScreen)
        assert app.screen.query_one("#memos").row_count == 1
