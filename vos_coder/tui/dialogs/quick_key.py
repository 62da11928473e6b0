"""Choose the quick key (1-9) that codes with a theme: press the digit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from vos_coder.core.model import Theme


class QuickKeyDialog(ModalScreen[int | None]):
    """Dismisses with the digit pressed (1-9), 0 to free the theme's digit,
    or None (escape) to leave the keys as they are."""

    DEFAULT_CSS = """
    QuickKeyDialog { align: center middle; }
    QuickKeyDialog > Vertical { width: 76; max-width: 95%; height: auto; border: thick $accent;
                                padding: 1 2; background: $surface; }
    QuickKeyDialog #quick-keys-now { color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n})", f"Key {n}", id=f"quick-key-{n}", show=False,
                  tooltip=f"Code with this theme by pressing {n}.") for n in range(1, 10)),
        Binding("0,delete", "choose(0)", "No key", id="quick-key-free",
                tooltip="Free this theme's digit."),
        Binding("escape", "choose(-1)", "Cancel", id="quick-key-cancel", tooltip="Leave the keys as they are."),
    ]

    def __init__(self, theme: Theme, keys: Mapping[int, Theme], default: bool) -> None:
        super().__init__()
        self.theme = theme
        self.keys = dict(keys)
        self.default = default

    def compose(self) -> ComposeResult:
        now = Text()
        if self.default:
            now.append("Now the default (the first nine themes in codebook order):\n")
        for d in range(1, 10):
            t = self.keys.get(d)
            now.append(f"{d} ", style="bold")
            now.append(f"{t.path if t else '(free)'}\n")
        with Vertical():
            yield Label(Text(f"Quick key for {self.theme.path}"), id="quick-key-question")
            yield Label("Press 1-9 · 0 frees its key · escape cancels", markup=False)
            yield Static(now, id="quick-keys-now")

    def action_choose(self, n: int) -> None:
        self.dismiss(None if n < 0 else n)
