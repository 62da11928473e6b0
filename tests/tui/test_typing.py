"""Keys typed like people type them: whole sequences, no waits, the picker's
filter slowed down on purpose; the project file must hold exactly the themes
chosen, on the passage chosen, in the transcript on screen."""

from __future__ import annotations

import time

import pytest
from textual import events

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from tests.tui.test_coding import EXCERPTS, open_source
from vos_coder.core.fuzzy import rank as real_rank
from vos_coder.tui.dialogs import ThemePicker
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.widgets.find_bar import FindBar

CODED = ('SELECT e.start, e."end", t.name FROM excerpts e JOIN codings c ON c.excerpt_id = e.id '
         "JOIN themes t ON t.id = c.theme_id ORDER BY e.start, t.name")


async def burst(pilot, app, *keys: str) -> None:
    """Every key handed to the app at once, as a fast typist's terminal
    delivers them: none waits for the previous one to be handled."""
    for key in keys:
        char = key if len(key) == 1 else (" " if key == "space" else None)
        app._driver.send_message(events.Key(key, char))
    for _ in range(1000):  # until the app has taken every key typed (held ones included)
        await pilot.pause(0.01)
        queued = any(isinstance(m, events.Key) for m in app._message_queue.values)
        if not queued and not app._held_keys and not app._keys_must_wait():
            break
    await settle(pilot, app)


@pytest.fixture
def slow_filter(monkeypatch):
    """The picker's filter made 40 ms slow, as on a big codebook on a busy machine."""
    def slow(*args, **kwargs):
        time.sleep(0.04)
        return real_rank(*args, **kwargs)

    monkeypatch.setattr("vos_coder.tui.dialogs.picker.rank", slow)


def _turn_body(n: int) -> tuple[int, int]:
    _text, turns = tiny_text()
    t = turns[n]
    start = t.start + len(t.speaker) + 2
    return start, t.end


async def test_picker_burst_ticks_the_filtered_row_not_the_first(tiny_path, slow_filter):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        # select turn 2, open the picker, filter, go to the list, tick, back, apply
        await burst(pilot, app, "down", "down", "t", "c", *"helpl", "down", "space", "shift+tab",
                    "enter")
        assert isinstance(app.screen, CodingScreen)
        assert app.focused is app.screen.view  # the next key goes to the transcript
    start, end = _turn_body(1)
    assert rows(tiny_path, CODED) == [(start, end, "Helpline")]


async def test_picker_burst_two_themes_with_a_space_in_the_filter(tiny_path, slow_filter):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await burst(pilot, app, "down", "down", "t", "c", *"sil fam", "down", "space",
                    *["backspace"] * 7, *"school", "tab", "space", "enter")
    start, end = _turn_body(1)
    assert rows(tiny_path, CODED) == [(start, end, "School"), (start, end, "Silence [family]")]


async def test_picker_shows_ticks_as_text_and_says_what_enter_applies(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await pilot.press("down", "down", "t", "c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ThemePicker)
        applies = picker.query_one("#applies")
        help_line = picker.query_one("#help")
        assert "space types a space" in str(help_line.render())
        assert "highlighted row: Silence [family]" in str(applies.render())
        await pilot.press("down", "down", "space")  # list mode: second row ticked
        choices = picker.query_one("#choices")
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert prompts == ["[ ] Silence [family]", "[x] Helpline", "[ ] School"]
        assert "space ticks" in str(help_line.render())
        await pilot.press(*"scho")  # typing returns to the filter; the ticked row stays listed
        names = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert names == ["[ ] School", "[x] Helpline"]
        assert str(applies.render()) == "enter applies the ticked: Helpline"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen) and app.focused is app.screen.view
    assert rows(tiny_path, CODED) == []


async def test_undo_stays_in_the_transcript_on_screen_and_names_the_change(tiny_path):
    from vos_coder.core.model import ParsedSource
    from vos_coder.store import Project

    with Project.open(tiny_path) as p:
        p.add_source("VoS-AL-02", "Second", ParsedSource("Participant: Other words here.\n", ()))
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_source(pilot, app)
        await pilot.press("down", "down", "t", "2")  # Helpline on turn 2 of VoS-AL-01
        await pilot.pause()
        with Project.open(tiny_path) as other:  # later, the same coder codes VoS-AL-02
            other.code(2, 13, 18, ["School"], "tester")
        await pilot.press("u")
        await pilot.pause()
        start, end = _turn_body(1)
        screen = app.screen
        assert screen._last_change == f"undid: removed Helpline from {start}:{end} in VoS-AL-01"
        assert rows(tiny_path, CODED) == [(13, 18, "School")]  # VoS-AL-02 untouched
        await pilot.press("u")  # nothing more to undo HERE, though VoS-AL-02 has an action
        await pilot.pause()
        assert rows(tiny_path, CODED) == [(13, 18, "School")]
        assert screen._last_change.startswith("nothing to undo in this transcript")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert screen._last_change == f"redid: coded {start}:{end} in VoS-AL-01 with Helpline"
        assert f"redid: coded {start}:{end}" in str(screen.query_one("#status").render())
        app.action_undo_anywhere()  # the command palette's whole-project undo: newest action
        await pilot.pause()
        assert "undid: removed School from 13:18 in VoS-AL-02" in [n.message for n in app._notifications]
    assert rows(tiny_path, CODED) == [(start, end, "Helpline")]


async def test_find_next_previous_wraps_and_ignores_accents(tiny_path):
    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_source(pilot, app)
        await burst(pilot, app, "ctrl+f", *"familje", "enter")  # "familje" twice: turns 3 and 4
        assert isinstance(app.focused, FindBar)
        first = text.index("familje")
        second = text.index("familje", first + 1)
        assert screen.view.selected_span() == (first, first + 7)
        await pilot.press("enter")
        assert screen.view.selected_span() == (second, second + 7)
        await pilot.press("down")  # past the last: wraps to the top
        assert screen.view.selected_span() == (first, first + 7)
        assert "wrapped to the top" in screen._last_change
        await pilot.press("up")  # before the first: wraps to the bottom
        assert screen.view.selected_span() == (second, second + 7)
        find = app.focused
        find.value = ""
        await burst(pilot, app, *"degjoi", "enter")  # typed without the accent
        start = text.index("dëgjoi")
        assert screen.view.selected_span() == (start, start + 6)
        find.value = ""
        await burst(pilot, app, *"nowhere", "enter")
        assert "not found in this transcript: nowhere" in [n.message for n in app._notifications]
        await pilot.press("escape")
        assert app.focused is screen.view
    # letters typed into the find bar never ran coding keys (u, d, c, 1-9)
    assert rows(tiny_path, "SELECT count(*) FROM history") == [(0,)]


async def test_a_selection_over_two_turns_codes_only_the_turn_where_it_starts(tiny_path):
    text, turns = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_source(pilot, app)
        # from turn 3's words into turn 4
        screen.view.select_span(text.index("Po në familje"), text.index("Heshtja") + 7)
        await pilot.press("3")
        await pilot.pause()
    a = text.index("Po në familje")
    assert rows(tiny_path, EXCERPTS, ["School"]) == [(a, turns[2].end, text[a:turns[2].end])]
    assert "\n" not in rows(tiny_path, "SELECT text FROM excerpts_with_text")[0][0]


async def test_focus_after_each_dialog_of_the_coding_screen(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        assert app.focused is screen.view
        await pilot.press("down", "down", "t", "c", "escape")  # picker cancelled
        await pilot.pause()
        assert app.focused is screen.view
        await pilot.press("c", *"school", "enter")  # picker applied
        await pilot.pause()
        assert app.focused is screen.view
        await pilot.press("m")  # memo dialog: focus in its field, then back
        await pilot.pause()
        assert app.focused is app.screen.query_one("#answer")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.view
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, FindBar)
        await pilot.press("escape")
        assert app.focused is screen.view
        await pilot.press("question_mark")  # help, then back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.view
