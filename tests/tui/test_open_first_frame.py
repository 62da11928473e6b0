"""`vos-coder open` draws its first screen before it opens the project
(VosApp.opening): keys typed meanwhile wait and are applied in order to the
opened project, and a file that cannot be opened still ends in one line and a
non-zero exit, with nothing written. (Its speed: benchmarks/bench_tui.py.)"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.terminal import run_on_terminal
from tests.tui.conftest import SIZE, make_tiny, rows, settle
from vos_coder.errors import ProjectError
from vos_coder.store.migrations import SCHEMA_VERSION
from vos_coder.tui.app import VosApp
from vos_coder.tui.screens.coding import CodingScreen
from vos_coder.tui.screens.overview import OverviewScreen

REPO = Path(__file__).resolve().parents[2]


def make_newer(path: Path) -> bytes:
    make_tiny(path)
    rows(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    rows(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path.read_bytes()


async def test_keys_typed_before_the_project_is_open_wait_and_apply_in_order(tmp_path, monkeypatch):
    path = make_tiny(tmp_path / "tiny.db")
    ready = VosApp.on_ready
    monkeypatch.setattr(VosApp, "on_ready", lambda self: None)  # opened below, when the test says
    app = VosApp.opening(path, "tester", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.project is None and isinstance(app.screen, OverviewScreen)
        summary = str(app.screen.query_one("#summary").render())
        assert summary == "Opening tiny.db…", summary
        # Enter (open the highlighted source), then a turn down and a quick key: typed at once
        await pilot.press("enter", "N", "1")
        await pilot.pause(0.2)
        assert app.project is None and isinstance(app.screen, OverviewScreen)  # all held so far
        ready(app)  # the project opens (as after the first frame)
        await settle(pilot, app)
        assert isinstance(app.screen, CodingScreen) and app.screen.source_id == 1
    coded = rows(path, "SELECT e.start, e.\"end\", t.name FROM codings c JOIN excerpts e "
                       "ON e.id = c.excerpt_id JOIN themes t ON t.id = c.theme_id")
    assert len(coded) == 1, coded  # the quick key coded the turn N selected, once


async def test_a_file_that_cannot_be_opened_closes_the_workbench_with_its_reason(tmp_path):
    path = tmp_path / "newer.db"
    before = make_newer(path)
    app = VosApp.opening(path, "tester", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert isinstance(app.open_error, ProjectError)
    assert "written by a newer vos-coder" in str(app.open_error)
    assert app.return_code == 1
    assert path.read_bytes() == before


def _open_on_terminal(db: Path, **env: str) -> tuple[int, str]:
    environ = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm-256color",
               "TEXTUAL_ANIMATIONS": "none", **env}
    code, out = run_on_terminal([sys.executable, "-m", "vos_coder", "open", "--db", str(db)],
                                environ, timeout=60, interactive=True)
    return code, out.decode("utf-8", "replace")


def test_open_in_a_terminal_says_a_newer_file_in_one_line_after_the_first_frame(tmp_path):
    path = tmp_path / "newer.db"
    before = make_newer(path)
    code, out = _open_on_terminal(path)
    assert code == 1, out
    assert "Opening newer.db" in out  # the first frame was drawn, then the project refused
    last = out.replace("\r", "").rstrip("\n").split("\n")[-1]
    assert last.endswith(f"Error: {path} was written by a newer vos-coder (schema "
                         f"{SCHEMA_VERSION + 1}, this one knows {SCHEMA_VERSION}); upgrade "
                         "vos-coder to open it"), out[-400:]
    assert "Traceback" not in out
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_open_in_a_terminal_refuses_a_missing_file_before_drawing_anything(tmp_path):
    missing = tmp_path / "none.db"
    code, out = _open_on_terminal(missing)
    assert code == 1
    assert out.replace("\r", "").strip() == (f"Error: no project at {missing}; create one with: "
                                             f"vos-coder init --db {missing}")
    assert not missing.exists()


async def test_collection_is_back_on_once_the_sources_are_shown(tmp_path):
    """`vos-coder open` starts with automatic garbage collection off (cli/launch.py);
    the workbench must turn it back on, or every later cycle would leak."""
    import gc

    path = make_tiny(tmp_path / "tiny.db")
    gc.disable()  # as launch() leaves it
    try:
        app = VosApp.opening(path, "tester", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert app.project is not None
            assert gc.isenabled()
    finally:
        gc.enable()
