"""Snapshots of the overview, theme browser, search and memos panel at 80x24 and
160x48, and checks that at 80x24 each shows what a decision needs."""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app, settle

SIZES = [(80, 24), (160, 48)]


async def _overview(pilot):
    await settle(pilot, pilot.app)


async def _browser(pilot):
    await settle(pilot, pilot.app)
    await pilot.press("b")
    await settle(pilot, pilot.app)


async def _search(pilot):
    await settle(pilot, pilot.app)
    await pilot.press("slash")
    await settle(pilot, pilot.app)
    await pilot.press(*"school", "enter")
    await settle(pilot, pilot.app)
    await pilot.press("space", "w")
    await settle(pilot, pilot.app)


async def _memos(pilot):
    from vos_coder.store import Project

    with Project.open(pilot.app.db_path) as p:
        p.add_memo("project", None, "Ask the interviewers about [pauses]", "amira")
        p.add_memo("source", 1, "Read again with the team", "blerta")
        with p.transaction():  # a fixed time, so the snapshot does not change by the minute
            p.db.execute("UPDATE memos SET created_at = '2026-11-30T09:15:00+00:00', "
                         "updated_at = '2026-11-30T09:15:00+00:00'")
    await settle(pilot, pilot.app)
    await pilot.press("M")
    await settle(pilot, pilot.app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["overview", "browser", "search", "memos"])
def test_screen(demo_path, snap_compare, screen, size):
    ready = {"overview": _overview, "browser": _browser, "search": _search, "memos": _memos}[screen]
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=ready)


async def test_80x24_shows_what_a_decision_needs(demo_path):
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#sources")
        right = 0
        for col in table.ordered_columns:
            right += col.get_render_width(table)
            if str(col.label) == "Coded":
                break
        assert right <= 80, "Participant..Coded must fit in 80 columns"
        await pilot.press("b")
        await settle(pilot, app)
        q = app.screen.current()
        context = app.screen.query_one("#browser-context")
        assert context.region.height >= 3 and context.region.bottom <= 23
        shown = str(context.render())
        assert q.text.split()[0] in shown and q.text.split()[-1].rstrip(".") in shown
