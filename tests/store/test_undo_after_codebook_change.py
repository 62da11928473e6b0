"""Undo and redo stay true to the codebook: after a theme is merged, its
steps act on the theme its codings moved to; after a theme is deleted, its
steps are gone (their codings went with it) and never fail on a missing theme."""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_tiny
from vos_coder.store import Project


@pytest.fixture
def p(tmp_path):
    with Project.open(make_tiny(tmp_path / "tiny.db")) as project:
        project.add_theme("Alpha")
        project.add_theme("Beta")
        yield project


def _turn_span(p: Project) -> tuple[int, int, int]:
    src = p.sources()[0]
    turn = next(t for t in p.turns(src.id) if t.end - t.start > 10)
    return src.id, turn.start + (turn.end - turn.start) // 2 - 4, turn.start + (turn.end - turn.start) // 2 + 4


def _codings(p: Project) -> list[tuple[str, int, int]]:
    return sorted((r["name"], r["start"], r["end"]) for r in p.q(
        'SELECT t.name, e.start, e."end" FROM codings c JOIN themes t ON t.id = c.theme_id '
        "JOIN excerpts e ON e.id = c.excerpt_id"))


def test_undo_after_a_merge_removes_the_coding_from_the_theme_it_moved_to(p):
    source, start, end = _turn_span(p)
    p.code(source, start, end, ["Alpha"], coder="ana")
    p.merge_theme("Alpha", "Beta")
    assert _codings(p) == [("Beta", start, end)]
    step = p.undo("ana")
    assert _codings(p) == []
    assert "removed Beta from" in step["description"]
    step = p.redo("ana")
    assert _codings(p) == [("Beta", start, end)]
    assert "with Beta" in step["description"]


def test_a_deleted_themes_steps_are_gone_and_the_others_stay(p):
    source, start, end = _turn_span(p)
    p.code(source, start, end, ["Beta"], coder="ana")
    p.code(source, start, end, ["Alpha"], coder="ana")
    p.delete_theme("Alpha", force=True)
    assert _codings(p) == [("Beta", start, end)]
    # The only steps left are Beta's: undo removes it, redo brings it back, nothing fails.
    assert "removed Beta from" in p.undo("ana")["description"]
    assert _codings(p) == []
    assert p.undo("ana") is None
    assert "with Beta" in p.redo("ana")["description"]
    assert _codings(p) == [("Beta", start, end)]


def test_redo_of_a_deleted_themes_coding_is_not_offered(p):
    source, start, end = _turn_span(p)
    p.code(source, start, end, ["Alpha"], coder="ana")
    p.undo("ana")
    p.delete_theme("Alpha")
    assert p.redo("ana") is None
    assert _codings(p) == []
