"""The workbench asks for an encrypted project's passphrase in a dialog: a
wrong one is one line in the dialog and changes nothing; the right one opens
the project; escape leaves without opening it."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from tests.conftest import TEST_PASSPHRASE
from vos_coder.store import Project, crypto
from vos_coder.tui.dialogs.passphrase import PassphraseApp


@pytest.fixture
def encrypted_db(tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", 10)
    db = tmp_path / "secret.db"
    Project.create(db, codebook="empty", passphrase=TEST_PASSPHRASE).close()
    crypto.forget_all()
    return db


def _files(db):
    return {s: (db.parent / (db.name + s)).read_bytes() if (db.parent / (db.name + s)).exists()
            else None for s in ("", "-wal", "-shm")}


async def test_wrong_then_right_passphrase(encrypted_db):
    before = _files(encrypted_db)
    app = PassphraseApp(encrypted_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"wrong passphrase", "enter")
        await pilot.pause()
        problem = str(app.screen.query_one("#problem", Label).render())
        assert "wrong passphrase" in problem and "nothing was changed" in problem
        assert "\n" not in problem.strip()
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert app.screen.query_one("#passphrase", Input).password
        assert _files(encrypted_db) == before
        await pilot.press(*TEST_PASSPHRASE, "enter")
        await pilot.pause()
    project = app.return_value
    assert isinstance(project, Project) and project.encrypted
    assert project.themes() == []
    project.close()


async def test_escape_opens_nothing(encrypted_db):
    app = PassphraseApp(encrypted_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None
