"""The workbench never sends a stored control character to the terminal
(issue 13): titles taken from file names, theme names typed on the CLI,
memos, attributes and transcript text are stored as given, and every screen
shows their control characters as visible pictures (ESC as ␛)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_app, settle
from vos_coder.core.controls import CONTROLS, pictured
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.store import Project
from vos_coder.tui.dialogs import TextInputDialog
from vos_coder.tui.widgets import CodebookTree

# OSC 52 (write the clipboard), OSC 0 (window title), CSI (clear the screen, colour)
THEME = "Trust\x1b]52;c;ZmljdGlvbmFs\x07 [school]\x1b[2J"
TITLE = "Bisedë\x1b]0;owned\x07 e dytë\x1b[31m"
MEMO = "Memo\x1b[8m hidden\x9b text"
VALUE = "urban\x1b[1A"


def screen_text(app) -> str:
    """Every character of the screen as the compositor hands it to the terminal."""
    update = app.screen._compositor.render_update(full=True)
    return "".join(seg.text for line in update.strips for strip in line for seg in strip
                   if not seg.control)


def hostile_text() -> tuple[str, tuple[Turn, ...]]:
    """Two turns, an escape inside the second (stored as the CLI's edit would)."""
    parts = ["Interviewer: Çfarë ndodhi në shkollë?",
             "Participant: Mësuesja\x1b[5m më dëgjoi. Ajo telefonoi linjën e ndihmës për mua."]
    turns, pos = [], 0
    for n, line in enumerate(parts, 1):
        turns.append(Turn(n, line.split(":")[0], pos, pos + len(line)))
        pos += len(line) + 2
    return "\n\n".join(parts) + "\n", tuple(turns)


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.db"
    text, turns = hostile_text()
    with Project.create(path, codebook="empty") as p:
        theme = p.add_theme(THEME, colour="#e45756").id
        sid = p.add_source("VoS-AL-01", TITLE, ParsedSource(text, turns)).id
        p.set_attributes("VoS-AL-01", {"town_type": VALUE})
        start = text.index("Ajo telefonoi")
        p.code(sid, start, start + 20, [theme])
        p.add_memo("source", sid, MEMO, "tester")
        p.add_memo("theme", theme, MEMO, "tester")
    return path


def assert_inert(app, where: str, *shown: str) -> None:
    text = screen_text(app)
    assert not CONTROLS.search(text), f"{where}: {[c for c in text if CONTROLS.match(c)]}"
    for s in shown:
        assert s in text, f"{where}: {s!r} not shown"


async def test_no_stored_escape_reaches_the_screen(hostile):
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert_inert(app, "overview", pictured(TITLE)[:18], "urban␛[1A")
        await pilot.press("enter")  # the coding screen: title, transcript, codebook, excerpts
        await settle(pilot, app)
        assert type(app.screen).__name__ == "CodingScreen"
        assert_inert(app, "coding", "Trust␛]52;c;", "Mësuesja␛[5m", "Bisedë␛]0;owned␇")
        app.warn(f"coded with {THEME}")  # notifications quote theme names
        await settle(pilot, app)
        assert_inert(app, "notification", "coded with", "Trust␛]5")
        await pilot.press("M")  # memos on what is in view
        await settle(pilot, app)
        assert_inert(app, "memos", "Memo␛[8m hidden� text")
        await pilot.press("escape", "b")  # the theme browser
        await settle(pilot, app)
        assert_inert(app, "browser", "Trust␛]52;c;")


async def test_the_picture_keeps_offsets_so_codings_stay_on_their_words(hostile):
    app = make_app(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        with Project.open(hostile) as p:
            stored = p.source_text(1)
        shown = app.screen.view.text
        assert "\x1b" in stored and "\x1b" not in shown
        assert len(shown) == len(stored) and shown == pictured(stored)
        # the coded passage is drawn where it is stored
        at = stored.index("Ajo telefonoi")
        assert shown[at:at + 20] == stored[at:at + 20] == "Ajo telefonoi linjën"


async def test_the_rename_dialog_shows_a_stored_escape_as_its_picture(hostile):
    """The theme's stored name fills the rename field pictured; accepting it
    unchanged stores the visible form, never the escape."""
    app = make_app(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(tree.get_node_at_line(0))
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot, app)
        assert isinstance(app.screen, TextInputDialog)
        assert_inert(app, "rename dialog", "Trust␛]52;c;")
        await pilot.press("enter")
        await settle(pilot, app)
    with Project.open(hostile) as p:
        assert [t.name for t in p.themes()] == [pictured(THEME)]
