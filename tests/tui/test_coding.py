"""The workbench driven by Pilot: coding by keys lands in the SQLite file."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.widgets import TranscriptView

EXCERPTS = 'SELECT e.start, e."end", e.text FROM excerpts_with_text e JOIN codings c ON c.excerpt_id = e.id ' \
           "JOIN themes t ON t.id = c.theme_id WHERE t.name = ? ORDER BY e.start"


async def open_source(pilot, app) -> CodingScreen:
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, CodingScreen)
    return app.screen


@pytest.mark.encrypted_too
async def test_select_by_keys_and_code_with_number_key(tiny_path):
    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await pilot.press("down", "down", *["right"] * 13, *["shift+right"] * 8)
        await pilot.press("1")
        await pilot.pause()
    start = text.index("Mësuesja")
    assert rows(tiny_path, EXCERPTS, ["Silence [family]"]) == [(start, start + 8, "Mësuesja")]
    assert rows(tiny_path, "SELECT coder FROM codings") == [("tester",)]


@pytest.mark.encrypted_too
async def test_undo_and_redo_survive_in_the_file(tiny_path):
    text, turns = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        await pilot.press("down", "down", "t", "2")  # whole turn -> Helpline
        await pilot.pause()
        turn = turns[1]
        turn = type(turn)(turn.n, turn.speaker, turn.start + len("Participant: "), turn.end)
        assert rows(tiny_path, EXCERPTS, ["Helpline"]) == [(turn.start, turn.end, text[turn.start:turn.end])]
        await pilot.press("u")
        await pilot.pause()
        assert rows(tiny_path, EXCERPTS, ["Helpline"]) == []
        assert screen.view.selected_span() == (turn.start, turn.end)
    # a new session (a restart) can redo what the last one undid
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, app)
        await pilot.press("ctrl+y")
        await pilot.pause()
    assert rows(tiny_path, EXCERPTS, ["Helpline"]) == [(turn.start, turn.end, text[turn.start:turn.end])]


async def test_empty_selection_notifies_and_writes_nothing(tiny_path):
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_source(pilot, app)
        await pilot.press("1", "c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("select a passage first" in m for m in messages)
        assert isinstance(app.screen, CodingScreen)  # no picker without a selection
    assert rows(tiny_path, "SELECT count(*) FROM codings") == [(0,)]


async def test_picker_filters_and_applies_two_themes(tiny_path):
    from vos_coder.tui.dialogs import ThemePicker

    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        await pilot.press("down", "down", *["right"] * 20, "s")  # the sentence under the cursor
        span = screen.view.selected_span()
        assert span is not None and text[span[0]:span[1]] == "Mësuesja më dëgjoi me kujdes."
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ThemePicker)
        await pilot.press(*"helpln")
        await pilot.pause()
        names = {t.id: t.name for t in picker.themes}
        assert [names[i] for i in picker.visible()] == ["Helpline"]
        await pilot.press(*["backspace"] * 6, *"famly")
        await pilot.pause()
        assert next(names[i] for i in picker.visible()) == "Silence [family]"
        await pilot.press(*["backspace"] * 5, "down", "space", "down", "space", "enter")
        await pilot.pause()
    start = text.index("Mësuesja")
    row = (start, start + len("Mësuesja më dëgjoi me kujdes."), "Mësuesja më dëgjoi me kujdes.")
    assert rows(tiny_path, EXCERPTS, ["Silence [family]"]) == [row]
    assert rows(tiny_path, EXCERPTS, ["Helpline"]) == [row]


async def test_codings_from_the_cli_appear_on_refresh(tiny_path):
    from vos_coder.store import Project

    text, _ = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        assert screen.spans() == []
        start = text.index("Heshtja")
        with Project.open(tiny_path) as other:  # another process, in effect
            other.code(1, start, start + 7, ["School"], "cli-user")
        await pilot.press("r")
        await pilot.pause()
        assert [(a, b) for a, b, _t in screen.spans()] == [(start, start + 7)]
        await pilot.press("n")
        assert screen.view.selected_span() == (start, start + 7)


async def test_highlight_columns_are_bytes_for_non_ascii(tiny_path):
    from vos_coder.store import Project

    text, _ = tiny_text()
    start = text.index("dëgjoi")
    with Project.open(tiny_path) as p:
        p.code(1, start, start + 6, ["School"], "x")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        view: TranscriptView = screen.view
        row, _col = view.offset_location(start)
        line = view.document.lines[row]
        coded = [h for h in view._highlights[row] if h[2].startswith("t:")]
        assert len(coded) == 1
        b0, b1, _ = coded[0]
        assert line.encode()[b0:b1].decode() == "dëgjoi"


@pytest.mark.encrypted_too
async def test_remove_coding_and_write_a_memo(tiny_path):
    from vos_coder.store import Project

    text, _ = tiny_text()
    start = text.index("Heshtja")
    with Project.open(tiny_path) as p:
        p.code(1, start, start + 7, ["School", "Helpline"], "tester")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        await pilot.press("n", "m")
        await pilot.pause()
        app.screen.query_one("#answer").value = "Silence as a house rule [see turn 4]"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")  # two themes here: the picker asks which to remove
        await pilot.pause()
        await pilot.press(*"school", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert [t for _a, _b, t in screen.spans()] == [2]  # Helpline (id 2) stays
    assert rows(tiny_path, "SELECT target_kind, text, author FROM memos") == [
        ("excerpt", "Silence as a house rule [see turn 4]", "tester")]
    assert rows(tiny_path, EXCERPTS, ["School"]) == []
    assert rows(tiny_path, EXCERPTS, ["Helpline"]) == [(start, start + 7, "Heshtja")]


async def test_extend_by_word_and_next_uncoded_turn(tiny_path):
    text, turns = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        await pilot.press("down", "down", "w", "w")
        a, b = screen.view.selected_span()
        assert text[a:b] == "Participant: Mësuesja"
        await pilot.press("3", "N")  # code it, then go to the next turn without codings
        a, b = screen.view.selected_span()
        assert (a, b) == (turns[2].start + len("Interviewer: "), turns[2].end)


async def test_select_turn_from_the_blank_line_between_turns(tiny_path):
    _text, turns = tiny_text()
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, app)
        await pilot.press("down")  # the blank line after the first turn
        assert screen.view.source_text[screen.view.cursor_offset] == "\n"
        await pilot.press("t")
        await pilot.pause()
        start = turns[1].start + len("Participant: ")
        assert screen.view.selected_span() == (start, turns[1].end)
