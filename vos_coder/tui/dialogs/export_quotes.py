"""Export the quotes of the chosen themes from the theme browser: the same
formats and options as `vos-coder export quotes`, through the same gate. The
dialog shows the output path, then what was written or the disclosure hits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from vos_coder.core.controls import pictured
from vos_coder.errors import DisclosureBlocked, VosError

FORMATS = ("docx", "md", "html", "csv", "json")
STATUSES = ("approved", "candidate", "any")
LOCATORS = ("none", "turn", "time")


@dataclass(frozen=True)
class ExportRequest:
    out: Path
    fmt: str
    status: str
    locator: str
    with_memos: bool
    allow_flagged: bool = False


class ExportQuotesDialog(ModalScreen[None]):
    """ctrl+s exports; after a disclosure refusal ctrl+o exports anyway (audited)."""

    DEFAULT_CSS = """
    ExportQuotesDialog { align: center middle; }
    ExportQuotesDialog > Vertical { width: 90; max-width: 98%; height: auto; max-height: 98%;
                                    border: thick $accent; padding: 0 1; background: $surface; }
    ExportQuotesDialog Horizontal { height: auto; }
    ExportQuotesDialog Select { width: 1fr; }
    ExportQuotesDialog #export-result { height: auto; max-height: 12; margin-top: 1; }
    ExportQuotesDialog #export-result.-blocked { color: $error; }
    ExportQuotesDialog #export-keys { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export-run", priority=True,
                tooltip="Write the file (the disclosure check runs first)."),
        Binding("ctrl+o", "export_anyway", "Export anyway", id="export-anyway", priority=True,
                tooltip="After a refusal: export despite the hits (recorded in the audit log)."),
        Binding("escape", "close", "Close", id="export-close", tooltip="Close the dialog."),
    ]

    def __init__(self, themes: list[tuple[int, str]], folder: Path) -> None:
        super().__init__()
        self.themes = themes
        self.folder = folder
        self.blocked = False

    def compose(self) -> ComposeResult:
        names = ", ".join(name for _id, name in self.themes)
        first = self.themes[0][1] if len(self.themes) == 1 else "themes"
        slug = "-".join("".join(c for c in first.lower() if c.isalnum() or c == " ").split())[:40] or "quotes"
        with Vertical():
            yield Label(pictured(f"Export the quotes of: {names}"), markup=False, id="export-title")
            with Horizontal():
                yield Select([(f, f) for f in FORMATS], value="docx", allow_blank=False, id="export-format")
                yield Select([(f"status: {s}", s) for s in STATUSES], value="approved", allow_blank=False,
                             id="export-status")
                yield Select([(f"locator: {x}", x) for x in LOCATORS], value="none", allow_blank=False,
                             id="export-locator")
            yield Input(str(self.folder / f"quotes-{slug}.docx"), id="export-path")
            yield Checkbox("with memos (on each quote and theme)", id="export-memos")
            yield Checkbox("without the key file's identifier lists (pattern detectors only; audited)",
                           id="export-no-list")
            yield Static("", id="export-result", markup=False)
            yield Label("ctrl+s exports · escape closes", markup=False, id="export-keys")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "export-format":
            box = self.query_one("#export-path", Input)
            box.value = str(Path(box.value).with_suffix(f".{event.value}"))

    def request(self, allow_flagged: bool = False) -> ExportRequest:
        return ExportRequest(Path(self.query_one("#export-path", Input).value).expanduser(),
                             str(self.query_one("#export-format", Select).value),
                             str(self.query_one("#export-status", Select).value),
                             str(self.query_one("#export-locator", Select).value),
                             self.query_one("#export-memos", Checkbox).value, allow_flagged)

    def action_export(self, allow_flagged: bool = False) -> None:
        from vos_coder.exporters.gate import GateOptions
        from vos_coder.exporters.quotes import export_quotes

        r = self.request(allow_flagged)
        result = self.query_one("#export-result", Static)
        options = GateOptions(no_identifier_list=self.query_one("#export-no-list", Checkbox).value)
        try:
            qs = export_quotes(self.app.project, r.out, r.fmt, [i for i, _n in self.themes],  # type: ignore[attr-defined]
                               status=r.status, locator=r.locator, allow_flagged=r.allow_flagged,
                               with_memos=r.with_memos, gate_options=options)
        except DisclosureBlocked as exc:
            self.blocked = True
            result.set_class(True, "-blocked")
            result.update(f"Nothing written. {exc}\nctrl+o exports anyway (recorded in the audit log).")
            return
        except VosError as exc:
            result.set_class(True, "-blocked")
            result.update(f"Nothing written: {exc}")
            return
        self.blocked = False
        result.set_class(False, "-blocked")
        from vos_coder.exporters.quoteset import interviewer_note

        note = f"\n{interviewer_note(qs)}" if qs.interviewer else ""
        result.update(Text(f"Wrote {r.out}: {len(qs.items)} quote(s) under {len(qs.sections)} heading(s)"
                           + (" (disclosure hits overridden, recorded in the audit log)" if allow_flagged else "")
                           + note))

    def action_export_anyway(self) -> None:
        if self.blocked:
            self.action_export(allow_flagged=True)

    def action_close(self) -> None:
        self.dismiss(None)
