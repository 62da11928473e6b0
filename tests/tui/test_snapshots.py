"""Snapshots of the main screens on the demo project (fixed size, no cursor
blink, workers awaited). Review changes in snapshot_report.html before
running pytest --snapshot-update."""

from __future__ import annotations

from tests.tui.conftest import SIZE, make_app, settle


def test_overview(demo_path, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=ready)


def test_coding_screen_with_highlights_and_selection(demo_path, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("enter")
        await settle(pilot, pilot.app)
        await pilot.press("n", "down", "down", "t")
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=ready)


def test_coding_screen_80x24(demo_path, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("enter")
        await settle(pilot, pilot.app)
        await pilot.press("n")
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(demo_path), terminal_size=(80, 24), run_before=ready)


def test_theme_picker(demo_path, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("enter")
        await settle(pilot, pilot.app)
        await pilot.press("down", "down", "t", "c", *"silence")
        await settle(pilot, pilot.app)
        pilot.app.screen.query_one("#filter").cursor_blink = False

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=ready)


def test_theme_browser(demo_path, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("b")
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=ready)


def test_non_ascii_coded_passage(tiny_path, snap_compare):
    """Highlights sit on the right characters after ë and ç (UTF-8 byte columns)."""
    from tests.tui.conftest import tiny_text
    from vos_coder.store import Project

    text, _ = tiny_text()
    start = text.index("dëgjoi")
    with Project.open(tiny_path) as p:
        p.code(1, start, start + len("dëgjoi me kujdes"), ["Silence [family]"], "tester")
        p.code(1, start + 7, start + 30, ["Helpline"], "tester")

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("enter")
        await settle(pilot, pilot.app)
        await pilot.press("n")
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(tiny_path), terminal_size=SIZE, run_before=ready)


def test_textarea_private_api_we_rely_on_exists():
    """TranscriptView overrides these TextArea internals (textual pinned <8.3)."""
    from textual.document._wrapped_document import WrappedDocument
    from textual.widgets import TextArea

    assert callable(TextArea._build_highlight_map) and callable(TextArea._render_line)
    assert hasattr(WrappedDocument, "_offset_to_line_info") or "_offset_to_line_info" in \
        WrappedDocument.__init__.__code__.co_names
    assert isinstance(TextArea.__dict__["gutter_width"], property)
