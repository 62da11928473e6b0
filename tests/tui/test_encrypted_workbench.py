"""The workbench on an encrypted project, opened the way `vos-coder open` opens
it: the passphrase dialog first (nothing in the environment), then the
workbench over the Project the dialog opened. Coding, undo, a memo and search
land in the real file; the file and its -wal stay unreadable while the
workbench has them open. (The core flows of test_coding, test_memos_panel and
test_browser_filter_export also run on an encrypted project: encrypted_too.)"""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSPHRASE, TEST_SCRYPT_LOG2_N
from tests.tui.conftest import SIZE, assert_nothing_readable, make_tiny, rows, settle, tiny_text
from vos_coder.errors import ProjectError
from vos_coder.store import Project, crypto
from vos_coder.tui.dialogs.passphrase import PassphraseApp
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.screens.search import SearchScreen

EXCERPTS = 'SELECT e.start, e."end", e.text FROM excerpts_with_text e JOIN codings c ON c.excerpt_id = e.id ' \
           "JOIN themes t ON t.id = c.theme_id WHERE t.name = ? ORDER BY e.start"


@pytest.fixture
def locked_tiny(tmp_path, monkeypatch):
    """An encrypted tiny project; this process knows no passphrase yet."""
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", TEST_SCRYPT_LOG2_N)
    path = make_tiny(tmp_path / "tiny.db", TEST_PASSPHRASE)
    crypto.forget_all()
    return path


async def _through_the_dialog(path) -> Project:
    dialog = PassphraseApp(path)
    async with dialog.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"not the passphrase", "enter")
        await pilot.pause()
        assert "wrong passphrase" in str(dialog.screen.query_one("#problem").render())
        await pilot.press(*TEST_PASSPHRASE, "enter")
        await pilot.pause()
    project = dialog.return_value
    assert isinstance(project, Project) and project.encrypted
    return project


async def test_dialog_then_code_undo_memo_and_search_in_the_encrypted_file(locked_tiny):
    from vos_coder.tui.app import VosApp

    text, _ = tiny_text()
    with pytest.raises(ProjectError, match="is encrypted"):
        Project.open(locked_tiny)  # nothing known yet: the dialog is the way in
    project = await _through_the_dialog(locked_tiny)
    app = VosApp(project, "tester", cursor_blink=False)
    start = text.index("Mësuesja")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")  # open the source (its text loads in a worker thread)
        await settle(pilot, app)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("down", "down", *["right"] * 13, *["shift+right"] * 8, "1")
        await pilot.pause()
        assert rows(locked_tiny, EXCERPTS, ["Silence [family]"]) == [(start, start + 8, "Mësuesja")]
        await pilot.press("m")  # a memo on the passage just coded
        await pilot.pause()
        app.screen.query_one("#answer").value = "Silence as a house rule [see turn 4]"
        await pilot.press("enter")
        await pilot.pause()
        assert rows(locked_tiny, "SELECT text, author FROM memos") == [
            ("Silence as a house rule [see turn 4]", "tester")]
        await pilot.press("down", "t", "2")  # the whole turn -> Helpline, then undo it
        await pilot.pause()
        assert len(rows(locked_tiny, EXCERPTS, ["Helpline"])) == 1
        await pilot.press("u")
        await pilot.pause()
        assert rows(locked_tiny, EXCERPTS, ["Helpline"]) == []
        # while the workbench holds the project open, its -wal has the new pages: ciphertext
        assert rows(locked_tiny, "PRAGMA journal_mode") == [("wal",)]
        assert_nothing_readable(locked_tiny)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("slash")
        await settle(pilot, app)
        await pilot.press(*"heshtja", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        note = str(app.screen.query_one("#search-note").render())
        assert note.startswith("1 hit(s) in 1 source(s)"), note  # the full-text index, decrypted
    assert rows(locked_tiny, EXCERPTS, ["Silence [family]"]) == [(start, start + 8, "Mësuesja")]
    assert rows(locked_tiny, "SELECT count(*) FROM codings") == [(1,)]
    assert_nothing_readable(locked_tiny)


def test_the_check_finds_text_in_a_plain_project(tmp_path):
    """assert_nothing_readable is a real check: it fails on a plain project."""
    path = make_tiny(tmp_path / "plain.db")
    with pytest.raises(AssertionError, match="readable in plain.db"):
        assert_nothing_readable(path)
