"""Write or edit a memo: several lines of text, and (for a new memo) what it is on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, TextArea

from vos_coder.core.controls import pictured


@dataclass(frozen=True)
class MemoTarget:
    """Something in view a memo can go on."""

    kind: str  # project | theme | participant | source | excerpt
    id: int | None
    label: str  # "theme Culture of silence"


@dataclass(frozen=True)
class MemoDraft:
    target: MemoTarget
    text: str


class MemoEditor(ModalScreen[MemoDraft | None]):
    """ctrl+s saves, escape cancels; enter makes a new line."""

    DEFAULT_CSS = """
    MemoEditor { align: center middle; }
    MemoEditor > Vertical { width: 80; max-width: 98%; height: auto; max-height: 95%;
                            border: thick $accent; padding: 0 1; background: $surface; }
    MemoEditor TextArea { height: 8; }
    MemoEditor #memo-keys { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="memo-save", priority=True, tooltip="Save the memo."),
        Binding("escape", "cancel", "Cancel", id="memo-cancel", tooltip="Close without saving."),
    ]

    def __init__(self, targets: list[MemoTarget], text: str = "", title: str = "New memo") -> None:
        super().__init__()
        self.targets = targets
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(pictured(self.title_text), markup=False, id="memo-title")
            if len(self.targets) > 1:
                yield Select([(Text(pictured(t.label)), i) for i, t in enumerate(self.targets)], value=0,
                             allow_blank=False, id="memo-target")
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Label("ctrl+s saves · escape cancels", markup=False, id="memo-keys")

    def on_mount(self) -> None:
        self.query_one("#memo-text", TextArea).focus()

    def action_save(self) -> None:
        index = 0
        if len(self.targets) > 1:
            index = int(self.query_one("#memo-target", Select).value)  # type: ignore[arg-type]
        self.dismiss(MemoDraft(self.targets[index], self.query_one("#memo-text", TextArea).text))

    def action_cancel(self) -> None:
        self.dismiss(None)
