"""A one-line text question that returns the answer (or None on escape)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from vos_coder.core.controls import pictured


class TextInputDialog(ModalScreen[str | None]):
    """Ask for one line of text."""

    DEFAULT_CSS = """
    TextInputDialog { align: center middle; }
    TextInputDialog > Vertical { width: 70; height: auto; border: thick $accent; padding: 1 2;
                                 background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog-cancel",
                        tooltip="Close without changing anything.")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(pictured(self.question), markup=False)
            # A stored control character is shown (and, if accepted, kept) as its picture.
            yield Input(pictured(self.value), id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
