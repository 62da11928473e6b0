"""Theme browser: filters, marking themes, exporting quotes through the gate,
context cut at word boundaries; overview filters."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_app, rows, settle, tiny_text
from vos_coder.importers.text import parse_text
from vos_coder.store import Project
from vos_coder.tui.dialogs.export_quotes import ExportQuotesDialog
from vos_coder.tui.screens.browser import ThemeBrowser


def _setup(path, key: bool = True):
    from vos_coder.privacy.keyfile import create_key
    from vos_coder.store.encryption import project_passphrase

    if key:
        create_key(path, project_passphrase(path))  # sealed for an encrypted project, as init does
    text, _ = tiny_text()
    with Project.open(path) as p:
        p.add_source("VoS-AL-02", "Bisedë e dytë",
                      parse_text(b"Participant: Heshtja ishte rregull edhe te ne.\n", "b.txt"))
        p.set_attributes("VoS-AL-02", {"town_type": "rural"})
        for pid, words in (("VoS-AL-01", "Heshtja ishte rregull i shtëpisë."),
                           ("VoS-AL-02", "Heshtja ishte rregull edhe te ne.")):
            start, end = p.match_span(pid, words)
            p.code(pid, start, end, ["Silence [family]"], "tester")
        p.set_quote_status(1, "approved")
        p.set_quote_status(2, "approved")
    return text


async def _browser(pilot, app) -> ThemeBrowser:
    await settle(pilot, app)
    await pilot.press("b")
    await settle(pilot, app)
    assert isinstance(app.screen, ThemeBrowser)
    return app.screen


async def test_browser_filter_keeps_only_matching_quotes(tiny_path):
    _setup(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _browser(pilot, app)
        assert {q.participant for q in screen.passages.values()} == {"VoS-AL-01", "VoS-AL-02"}
        await pilot.press("f", *"--where town_type=rural", "enter")
        await settle(pilot, app)
        assert {q.participant for q in screen.passages.values()} == {"VoS-AL-02"}
        assert "--where town_type=rural" in str(screen.query_one("#filter-shown").render())
        await pilot.press("f")
        await pilot.pause()
        screen.query_one("#filter-input").value = "--status candidate"
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.passages == {}


@pytest.mark.encrypted_too
async def test_export_from_the_browser_goes_through_the_gate(tiny_path, tmp_path):
    _setup(tiny_path)
    out = tmp_path / "silence.md"
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await _browser(pilot, app)
        await pilot.press("E")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ExportQuotesDialog)
        dialog.query_one("#export-format").value = "md"
        await pilot.pause()
        dialog.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Wrote " + str(out) in str(dialog.query_one("#export-result").render())
        text = out.read_text("utf-8")
        assert "Heshtja ishte rregull i shtëpisë." in text and "(VoS-AL-02)" in text
        # a phone number in a memo stops the export with memos; ctrl+o overrides, audited
        with Project.open(tiny_path) as p:
            p.add_memo("excerpt", p.quote_excerpt_id("Q-001"), "call her on +355 69 222 3344")
        out.unlink()
        dialog.query_one("#export-memos").value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        shown = str(dialog.query_one("#export-result").render())
        assert "Nothing written" in shown and "+355 69 222 3344" in shown
        assert not out.exists()
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        assert out.exists() and "+355 69 222 3344" in out.read_text("utf-8")
    assert rows(tiny_path, "SELECT count(*) FROM audit_log WHERE action = 'export.override'") == [(1,)]


async def test_export_without_a_key_file_is_refused_unless_asked(tiny_path, tmp_path):
    _setup(tiny_path, key=False)
    out = tmp_path / "nokey.md"
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await _browser(pilot, app)
        await pilot.press("E")
        await settle(pilot, app)
        dialog = app.screen
        dialog.query_one("#export-format").value = "md"
        await pilot.pause()
        dialog.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Nothing written" in str(dialog.query_one("#export-result").render()) and not out.exists()
        dialog.query_one("#export-no-list").value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert out.exists()
    assert rows(tiny_path, "SELECT count(*) FROM audit_log WHERE action = 'export.no_identifier_list'") == [(1,)]


async def test_marked_themes_are_exported_together(tiny_path, tmp_path):
    _setup(tiny_path)
    with Project.open(tiny_path) as p:
        start, end = p.match_span("VoS-AL-01", "Mësuesja më dëgjoi me kujdes.")
        p.code("VoS-AL-01", start, end, ["Helpline"], "tester")
        p.set_quote_status(3, "approved")
    out = tmp_path / "two.json"
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _browser(pilot, app)
        screen.query_one("#browser-themes").focus()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert len(screen.marked) == 2
        await pilot.press("E")
        await settle(pilot, app)
        app.screen.query_one("#export-format").value = "json"
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    import json

    quotes = json.loads(out.read_text("utf-8"))
    assert sorted(q["quote"] for q in quotes) == ["Q-001", "Q-002", "Q-003"]


async def test_overview_filter_and_counts(tiny_path):
    _setup(tiny_path)
    app = make_app(tiny_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#sources")
        assert table.row_count == 2
        await pilot.press("f", *"-p VoS-AL-02", "enter")
        await settle(pilot, app)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "VoS-AL-02"
        assert "1 of 2 participants" in str(app.screen.query_one("#summary").render())
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#filter-input").value = "--coder nobody"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "-p VoS-AL-02" in str(app.screen.query_one("#filter-shown").render())  # refused, kept
        app.screen.query_one("#filter-input").value = ""
        await pilot.press("enter")
        await settle(pilot, app)
        assert table.row_count == 2
