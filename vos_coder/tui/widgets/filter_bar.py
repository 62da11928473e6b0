"""The filter bar: the active filter, always shown; f opens a line to type
one in ``query``'s syntax (``-p VoS-AL-04 --group survivor --where
town_type=rural --coder amira --status approved``); an empty line clears it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from vos_coder.core.filters import EXAMPLE, Filter, parse_filter
from vos_coder.errors import VosError


class FilterBar(Vertical):
    """Shows the filter in force and reads a new one."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar #filter-shown { height: 1; padding: 0 1; background: $boost; }
    FilterBar #filter-shown.-active { background: $warning 30%; text-style: bold; }
    FilterBar #filter-input { display: none; }
    FilterBar.-editing #filter-input { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close filter", id="filter-close", show=False,
                tooltip="Close the filter line without changing the filter."),
    ]

    @dataclass
    class Changed(Message):
        """The user set a new filter (an empty one clears it)."""

        bar: FilterBar
        filter: Filter

        @property
        def control(self) -> FilterBar:
            return self.bar

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter = Filter()

    def compose(self) -> ComposeResult:
        yield Static(self._label(), id="filter-shown", markup=False)
        yield Input(placeholder=f"filter, e.g. {EXAMPLE} (enter applies, empty clears)",
                    id="filter-input")

    def _label(self) -> Text:
        if self.filter.empty:
            return Text("filter: none (f to filter by participant, group, attribute, coder, status)")
        return Text("filter: " + self.filter.describe() + "  (f changes it)")

    def open(self) -> None:
        self.add_class("-editing")
        box = self.query_one("#filter-input", Input)
        box.value = self.filter.describe()
        box.focus()

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        shown = self.query_one("#filter-shown", Static)
        shown.update(self._label())
        shown.set_class(not f.empty, "-active")

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            f = parse_filter(event.value)
        except VosError as exc:
            self.app.warn(str(exc))  # type: ignore[attr-defined]
            return
        if self.app.read(lambda p: p.check_filter(f)) is None:  # type: ignore[attr-defined]
            return  # the reason is on screen; the old filter stays
        self.remove_class("-editing")
        self.set_filter(f)
        self.post_message(self.Changed(self, f))

    def action_close(self) -> None:
        if self.has_class("-editing"):
            self.remove_class("-editing")
            self.screen.focus_next()
