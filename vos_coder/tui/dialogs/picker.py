"""The theme picker: type to filter the codebook (rapidfuzz), tick one or
several themes with space, apply with enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from vos_coder.core.fuzzy import rank
from vos_coder.core.model import Theme


class ThemePicker(ModalScreen[list[int] | None]):
    """Returns the ids of the chosen themes, or None when cancelled."""

    DEFAULT_CSS = """
    ThemePicker { align: center middle; }
    ThemePicker > Vertical { width: 80%; max-width: 100; height: 80%; border: thick $accent;
                             background: $surface; padding: 0 1; }
    ThemePicker SelectionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel", tooltip="Close without coding."),
        Binding("down", "focus_list", "To list", show=False, id="picker-list",
                tooltip="Move from the filter to the list of themes."),
    ]

    def __init__(self, themes: Sequence[Theme], title: str = "Apply themes") -> None:
        super().__init__()
        self.themes = list(themes)
        self.title_text = title
        self.checked: set[int] = set()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.title_text}: type to filter, space ticks, enter applies",
                        markup=False)
            yield Input(placeholder="filter themes…", id="filter")
            yield SelectionList[int](id="choices")

    def on_mount(self) -> None:
        self.refilter("")
        self.query_one("#filter", Input).focus()

    def visible(self) -> list[int]:
        """Theme ids shown, best match first."""
        sl = self.query_one("#choices", SelectionList)
        return [sl.get_option_at_index(i).value for i in range(sl.option_count)]

    def refilter(self, query: str) -> None:
        labels = {t.id: t.path for t in self.themes}
        found = rank(query, labels, cutoff=60)
        sl = self.query_one("#choices", SelectionList)
        sl.clear_options()
        sl.add_options([Selection(Text(label), key, key in self.checked) for key, label, _ in found])
        if sl.option_count:
            sl.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = event.selection.value
        self.checked ^= {value}

    def on_input_submitted(self) -> None:
        self._finish()

    def on_selection_list_selection_highlighted(self) -> None:
        pass

    def key_enter(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self.checked:
            self.dismiss(sorted(self.checked))
            return
        sl = self.query_one("#choices", SelectionList)
        if sl.highlighted is not None and sl.option_count:
            self.dismiss([sl.get_option_at_index(sl.highlighted).value])
        else:
            self.notify("no theme matches; change the filter", severity="warning", markup=False)

    def action_focus_list(self) -> None:
        self.query_one("#choices", SelectionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
