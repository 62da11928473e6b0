"""A damaged page met by the workbench is the CLI's one line ("damaged ...
restore it from a backup") in a notification, never a traceback: the app
stays up, and the file is left as it was."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_app, rows, settle
from vos_coder.tui.screens.memos import MemosScreen


def damage_table(path, table: str) -> bytes:
    """Overwrite the root page of ``table`` in the project file (after a checkpoint)."""
    rows(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    page = int(rows(path, "PRAGMA page_size")[0][0])  # SQLCipher answers it as text
    [(root,)] = rows(path, "SELECT rootpage FROM sqlite_master WHERE name = ?", [table])
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page:(root - 1) * page + 200] = b"\xa5" * 200
    path.write_bytes(bytes(raw))
    return bytes(raw)


def damaged_lines(app) -> list[str]:
    return [n.message for n in app._notifications if "damaged" in n.message]


@pytest.mark.encrypted_too
async def test_a_damaged_page_is_one_line_and_the_workbench_stays_up(tiny_path):
    before = damage_table(tiny_path, "memos")
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("M")  # the memos panel reads the damaged table
        await settle(pilot, app)
        assert isinstance(app.screen, MemosScreen)
        await pilot.press("A")  # every memo of the project: a read of the damaged page
        await settle(pilot, app)
        assert len(damaged_lines(app)) == 1, [n.message for n in app._notifications]
        await pilot.press("a")
        await settle(pilot, app)
        app.screen.query_one("#memo-text").text = "A note that cannot be stored"
        await pilot.press("ctrl+s")  # the write hits the damaged page
        await settle(pilot, app)
        lines = damaged_lines(app)
        assert len(lines) == 2, [n.message for n in app._notifications]
        for line in lines:
            assert "\n" not in line and "Traceback" not in line
            assert line.startswith(f"{tiny_path} is damaged (") and "estore it from a backup" in line
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert app.is_running  # still usable: the undamaged parts work
    assert tiny_path.read_bytes() == before
