"""A yes/no question: y or enter says yes, n or escape says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from vos_coder.core.controls import pictured


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 70; max-width: 95%; height: auto; border: thick $warning;
                               padding: 1 2; background: $surface; }
    ConfirmDialog #confirm-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes", tooltip="Go ahead."),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="Leave everything as it is."),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(pictured(self.question), markup=False, id="confirm-question")
            yield Label("y: yes · n or escape: no", markup=False, id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
