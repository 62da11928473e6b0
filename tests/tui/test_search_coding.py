"""Coding from search: exact counts in pages, hits highlighted, ticked hits
coded with themes (widened to sentence or turn) as one undo step, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, make_app, rows, settle
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.store import Project
from vos_coder.tui.dialogs import ThemePicker
from vos_coder.tui.screens.search import PAGE, SearchScreen

CODED = ('SELECT e.start, e."end", e.text, t.name FROM codings c JOIN excerpts_with_text e ON e.id = c.excerpt_id '
         "JOIN themes t ON t.id = c.theme_id ORDER BY e.source_id, e.start, t.name")


def _source(lines: list[str]) -> ParsedSource:
    parts, turns, pos = [], [], 0
    for n, line in enumerate(lines, 1):
        speaker = "Interviewer" if n % 2 else "Participant"
        full = f"{speaker}: {line}"
        turns.append(Turn(n, speaker, pos, pos + len(full)))
        parts.append(full)
        pos += len(full) + 2
    return ParsedSource("\n\n".join(parts) + "\n", tuple(turns))


@pytest.fixture
def many(tmp_path) -> Path:
    """Two participants; the word "lantern" 130 + 1 times."""
    path = tmp_path / "many.db"
    with Project.create(path, codebook="empty") as p:
        p.add_theme("Light", colour="#e45756")
        p.add_theme("Night", colour="#4c78a8")
        lines = [f"Question {i}?" if i % 2 == 0 else f"We lit the lantern at dusk. Line {i} ends here."
                 for i in range(260)]
        p.add_source("VoS-AL-01", "First talk", _source(lines))
        p.add_source("VoS-AL-02", "Second talk",
                     _source(["And then?", "My brother kept a lantern by the door. It was cold."]))
        p.set_group("frontline worker")
        p.set_attributes("VoS-AL-02", {"town_type": "rural"})
    return path


async def _search(pilot, app, words: str) -> SearchScreen:
    await settle(pilot, app)
    await pilot.press("slash")
    await settle(pilot, app)
    await pilot.press(*words, "enter")
    await settle(pilot, app)
    assert isinstance(app.screen, SearchScreen)
    return app.screen


def _note(screen) -> str:
    return str(screen.query_one("#search-note").render())


async def test_counts_are_exact_and_paged(many):
    app = make_app(many)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, app, "lantern")
        assert len(screen.hits) == 131
        assert "131 hit(s) in 2 source(s)" in _note(screen)
        assert f"showing 1-{PAGE}, page 1 of 2" in _note(screen)
        table = screen.query_one("#hits")
        assert table.row_count == PAGE
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.row_count == 131 - PAGE and f"showing {PAGE + 1}-131" in _note(screen)
        # the hit is highlighted inside its context, cut at word boundaries
        cell = table.get_row_at(0)[3]
        bold = [cell.plain[s.start:s.end] for s in cell.spans if "reverse" in str(s.style)]
        assert bold == ["lantern"]
        assert not cell.plain.rstrip("…").endswith(("Lin", "en"))


async def test_tick_code_widen_to_sentence_and_undo_the_batch(many):
    app = make_app(many)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _search(pilot, app, "lantern")
        await pilot.press("space", "space", "w")  # two hits ticked, widen: sentence
        await pilot.pause()
        assert len(screen.ticked) == 2 and "codes: sentence" in _note(screen)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, ThemePicker)
        await pilot.press("down", "space", "down", "space", "enter")  # Light and Night
        await settle(pilot, app)
        coded = rows(many, CODED)
        assert [r[2] for r in coded] == ["We lit the lantern at dusk."] * 4
        assert {r[3] for r in coded} == {"Light", "Night"}
        assert len({r[0] for r in coded}) == 2
        assert rows(many, "SELECT count(*) FROM history WHERE undone = 0") == [(1,)]
        await pilot.press("u")  # one undo takes the whole batch back
        await settle(pilot, app)
        said = [n.message for n in app._notifications if n.message.startswith("undid")]
        assert len(said) == 1 and said[0].startswith("undid: removed "), said  # names the change
        assert "Light" in said[0] and "Night" in said[0], said
    assert rows(many, "SELECT count(*) FROM codings") == [(0,)]


async def test_tick_all_pages_and_code_turns(many):
    app = make_app(many)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, app, "lantern")
        await pilot.press("asterisk", "w", "w", "c")  # every hit, widened to the turn
        await settle(pilot, app)
        await pilot.press(*"night", "enter")
        await settle(pilot, app)
        assert "0 ticked" in _note(screen)
    coded = rows(many, CODED)
    assert len(coded) == 131
    assert "My brother kept a lantern by the door. It was cold." in [r[2] for r in coded]
    assert not any(r[2].startswith("Participant:") for r in coded)  # the speaker label is left out


async def test_filter_by_participant_group_and_attribute(many):
    app = make_app(many)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, app, "lantern")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"--where town_type=rural", "enter")
        await settle(pilot, app)
        assert [h.who for h in screen.hits] == ["VoS-AL-02 · Second talk"]
        shown = str(screen.query_one("#filter-shown").render())
        assert "--where town_type=rural" in shown
        await pilot.press("f")
        await pilot.pause()
        screen.query_one("#filter-input").value = "--where town=rural"  # no such attribute
        await pilot.press("enter")
        await settle(pilot, app)
        assert "--where town_type=rural" in str(screen.query_one("#filter-shown").render())
        screen.query_one("#filter-input").value = "-p VoS-AL-01"
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(screen.hits) == 130 and "-p VoS-AL-01" in str(screen.query_one("#filter-shown").render())


async def test_memos_are_found_with_a_filter_on_the_filtered_participants_only(many):
    with Project.open(many) as p:
        p.add_memo("participant", p.participant("VoS-AL-01").id, "A lantern story to check")
        p.add_memo("source", p.source("VoS-AL-02").id, "The lantern by the door, rural")
        p.add_memo("project", None, "Lantern: a word to watch in every talk")
        p.add_memo("theme", p.theme("Light").id, "Lanterns, lamps, candles")
    app = make_app(many)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, app, "lantern")
        assert len(screen.memo_hits) == 4
        await pilot.press("f", *"--where town_type=rural", "enter")  # one sequence, no waits
        await settle(pilot, app)
        assert sorted(m.text for m in screen.memo_hits) == [
            "Lantern: a word to watch in every talk", "Lanterns, lamps, candles",
            "The lantern by the door, rural"]
        assert "3 memo(s)" in _note(screen)
