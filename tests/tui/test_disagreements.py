"""Settling two coders' disagreements in the workbench."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, rows, settle
from vos_coder.store import Project


def _two_coders(path) -> tuple[tuple[int, int], tuple[int, int]]:
    with Project.open(path) as p:
        src = p.sources()[0]
        a = p.match_span(src.id, "Mësuesja më dëgjoi")
        b = p.match_span(src.id, "Mësuesja më dëgjoi me kujdes.")
        p.code(src.id, *a, "Silence [family]", "ana")
        p.code(src.id, *b, "Silence [family]", "ben")
        h = p.match_span(src.id, "Heshtja ishte rregull")
        p.code(src.id, *h, "School", "ben")
    return a, b


async def test_lead_keeps_the_second_coders_span_and_neither_for_the_next(tiny_path):
    from vos_coder.tui.screens.disagreements import DisagreementsScreen

    _a, b = _two_coders(tiny_path)
    app = make_app(tiny_path, coder="lead")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.action_disagreements("ana", "ben")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen) and len(screen.found) == 2
        await pilot.press("2")  # keep ben's longer span for the first disagreement
        await settle(pilot, app)
        await pilot.press("0")  # the second: the theme does not apply
        await settle(pilot, app)
    sql = ('SELECT e.start, e."end", t.name FROM codings c JOIN excerpts e ON e.id = c.excerpt_id '
           "JOIN themes t ON t.id = c.theme_id WHERE c.coder = ?")
    assert rows(tiny_path, sql, ["lead"]) == [(b[0], b[1], "Silence [family]")]
    # The coders' own codings are untouched.
    assert len(rows(tiny_path, sql, ["ana"])) == 1 and len(rows(tiny_path, sql, ["ben"])) == 2


async def test_a_coder_cannot_settle_their_own_disagreement(tiny_path):
    _two_coders(tiny_path)
    app = make_app(tiny_path, coder="ana")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.action_disagreements("ana", "ben")
        await settle(pilot, app)
        await pilot.press("1")
        await settle(pilot, app)
        assert any("--coder LEAD" in n.message for n in app._notifications)
    assert rows(tiny_path, "SELECT count(*) FROM codings WHERE coder = 'ana'") == [(1,)]
