"""The theme picker: type to filter the codebook (rapidfuzz), tick one or
several themes, apply with enter.

Every key is handled by the picker screen itself, in the order typed, and the
list is filtered synchronously inside that key's handler (rapidfuzz over a
few hundred themes takes microseconds). No widget in the dialog takes focus,
so no key can reach a list that has not caught up with the filter: a key
always acts on the rows the previous keys produced.

Two modes, named on screen:
- filter (the start): letters and space type into the filter; down or tab
  goes to the list.
- list: space ticks or unticks the highlighted row; up/down move; typing a
  letter, backspace or shift+tab goes back to the filter.

Rows read ``[x] name`` when ticked and ``[ ] name`` when not. Ticked themes
stay listed (after the matches) when the filter no longer matches them, and
the last line says exactly what enter will apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from vos_coder.core.controls import pictured
from vos_coder.core.fuzzy import rank
from vos_coder.core.model import Theme

FILTER_HELP = "filter: type to narrow · space types a space · down/tab: to the list · enter applies · esc cancels"
LIST_HELP = "list: space ticks/unticks · up/down move · type or shift+tab: back to the filter · enter applies"


class _Rows(OptionList, can_focus=False):
    """The rows; never focused (the picker screen takes every key)."""

    BINDINGS: ClassVar[list[BindingType]] = []


class ThemePicker(ModalScreen[list[int] | None]):
    """Returns the ids of the chosen themes, or None when cancelled."""

    DEFAULT_CSS = """
    ThemePicker { align: center middle; }
    ThemePicker > Vertical { width: 80%; max-width: 100; height: 80%; border: thick $accent;
                             background: $surface; padding: 0 1; }
    ThemePicker #filter { background: $boost; height: 1; }
    ThemePicker #filter.-list { color: $text-muted; }
    ThemePicker #choices { height: 1fr; }
    ThemePicker #applies { color: $text-accent; }
    """
    AUTO_FOCUS = None
    HELP = __doc__

    def __init__(self, themes: Sequence[Theme], title: str = "Apply themes") -> None:
        super().__init__()
        self.themes = list(themes)
        self.labels = {t.id: pictured(t.path) for t in self.themes}
        self.title_text = title
        self.checked: set[int] = set()
        self.query_text = ""
        self.mode = "filter"
        self.rows: list[int] = []
        self.highlight = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(pictured(self.title_text), markup=False)
            yield Static("", id="filter", markup=False)
            yield _Rows(id="choices")
            yield Static("", id="help", markup=False)
            yield Static("", id="applies", markup=False)

    def on_mount(self) -> None:
        self.refilter()

    # -- state --------------------------------------------------------------------
    def visible(self) -> list[int]:
        """Theme ids shown, in row order: matches best first, then ticked ones
        the filter no longer matches."""
        return list(self.rows)

    def chosen(self) -> list[int]:
        """What enter applies now: the ticked rows, else the highlighted row."""
        if self.checked:
            return [t.id for t in self.themes if t.id in self.checked]
        if self.rows:
            return [self.rows[self.highlight]]
        return []

    def refilter(self) -> None:
        found = [key for key, _label, _score in rank(self.query_text, self.labels, cutoff=60)]
        rest = [t.id for t in self.themes if t.id in self.checked and t.id not in found]
        self.rows = [int(k) for k in found] + rest  # type: ignore[call-overload]
        self.highlight = 0
        self.show()

    def _prompt(self, theme_id: int) -> Text:
        ticked = theme_id in self.checked
        return Text(("[x] " if ticked else "[ ] ") + self.labels[theme_id],
                    style="bold" if ticked else "")

    def show(self) -> None:
        """Draw the state (synchronously computed) into the widgets."""
        rows = self.query_one("#choices", _Rows)
        rows.set_options([Option(self._prompt(k), id=str(k)) for k in self.rows])
        rows.highlighted = self.highlight if self.rows else None
        self._show_lines()

    def _show_lines(self) -> None:
        cursor = "▏" if self.mode == "filter" else ""
        filt = self.query_one("#filter", Static)
        filt.update(Text(f"filter: {self.query_text}{cursor}"))
        filt.set_class(self.mode == "list", "-list")
        self.query_one("#help", Static).update(Text(FILTER_HELP if self.mode == "filter" else LIST_HELP))
        names = [self.labels[k] for k in self.chosen()]
        if not names:
            line = "no theme matches; change the filter (backspace)"
        elif self.checked:
            line = "enter applies the ticked: " + ", ".join(names)
        else:
            line = "nothing ticked: enter applies the highlighted row: " + names[0]
        self.query_one("#applies", Static).update(Text(line))

    def _move(self, delta: int) -> None:
        if not self.rows:
            return
        self.highlight = max(0, min(len(self.rows) - 1, self.highlight + delta))
        self.query_one("#choices", _Rows).highlighted = self.highlight
        self._show_lines()

    def _toggle(self, index: int) -> None:
        if not self.rows:
            return
        theme_id = self.rows[index]
        self.checked ^= {theme_id}
        self.query_one("#choices", _Rows).replace_option_prompt_at_index(index, self._prompt(theme_id))
        self._show_lines()

    def _mode(self, mode: str) -> None:
        self.mode = mode
        self._show_lines()

    # -- keys: every one handled here, in order ---------------------------------
    def on_key(self, event: events.Key) -> None:
        key, char = event.key, event.character
        handled = True
        if key == "escape":
            self.dismiss(None)
        elif key == "enter":
            self._finish()
        elif key in ("down", "tab"):
            if self.mode == "filter":
                self._mode("list")
            elif key == "down":
                self._move(1)
        elif key in ("shift+tab", "backtab"):
            self._mode("filter")
        elif key == "up":
            if self.mode == "list" and self.highlight == 0:
                self._mode("filter")
            else:
                self._move(-1)
        elif key in ("pagedown", "pageup"):
            self._move(10 if key == "pagedown" else -10)
        elif key == "space" and self.mode == "list":
            self._toggle(self.highlight)
        elif key == "backspace":
            self.mode = "filter"
            self.query_text = self.query_text[:-1]
            self.refilter()
        elif char is not None and event.is_printable:
            self.mode = "filter"
            self.query_text += char
            self.refilter()
        else:
            handled = False  # f1, ctrl+p and the like keep their app-wide meaning
        if handled:
            event.stop()
            event.prevent_default()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A mouse click ticks or unticks the row."""
        event.stop()
        self.highlight = event.option_index
        self._toggle(event.option_index)

    def _finish(self) -> None:
        ids = self.chosen()
        if ids:
            self.dismiss(ids)
        else:
            self.notify("no theme matches; change the filter", severity="warning", markup=False)
