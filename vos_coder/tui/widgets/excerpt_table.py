"""The excerpt panel: the coded excerpts of the open source; Enter jumps to one.

A line-API list (only the visible rows are drawn), so a transcript with
thousands of coded passages opens at once and a coding updates one row
(``update``) instead of rebuilding the panel. Text is never markup.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from vos_coder.core.controls import pictured
from vos_coder.core.model import Coding, Excerpt
from vos_coder.core.text import squash


class ExcerptTable(ScrollView, can_focus=True):
    """One row per coded excerpt: where, themes, text."""

    DEFAULT_CSS = """
    ExcerptTable { height: 1fr; }
    ExcerptTable > .excerpt--cursor { background: $accent 40%; }
    ExcerptTable:focus > .excerpt--cursor { background: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"excerpt--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("enter", "jump", "Go to", show=False, tooltip="Select this excerpt in the transcript."),
    ]
    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Jump(Message):
        start: int
        end: int

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[int, int]] = []
        self._data: dict[tuple[int, int], tuple[Excerpt, Sequence[Coding]]] = {}
        self._names: Mapping[int, str] = {}
        self._rows: dict[tuple[int, int], str] = {}  # rows drawn so far (made when first shown)

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def row_text(self, index: int) -> str:
        key = self._keys[index]
        line = self._rows.get(key)
        if line is None:
            e, codings = self._data[key]
            line = self._rows[key] = self._line(e, codings, self._names)
        return line

    @staticmethod
    def _line(e: Excerpt, codings: Sequence[Coding], names: Mapping[int, str]) -> str:
        themes = ", ".join(dict.fromkeys(names.get(c.theme_id, "?") for c in codings))
        return pictured(f"{e.start:>7} {themes[:24]:<24} {squash(e.text)[:60]}")

    def fill(self, excerpts: Iterable[tuple[Excerpt, list[Coding]]], names: Mapping[int, str]) -> None:
        """Show these excerpts (those with codings), in text order."""
        self._names = dict(names)
        self._data = {(e.start, e.end): (e, cs) for e, cs in excerpts if cs}
        self._rows = {}
        self._keys = sorted(self._data)
        self._changed()

    def update(self, excerpts: Iterable[tuple[Excerpt, list[Coding]]],  # type: ignore[override]
               names: Mapping[int, str]) -> None:
        """Change only these excerpts' rows (added, re-themed, or gone when uncoded)."""
        self._names = dict(names)
        for e, cs in excerpts:
            key = (e.start, e.end)
            i = bisect_left(self._keys, key)
            present = i < len(self._keys) and self._keys[i] == key
            self._rows.pop(key, None)
            if cs:
                self._data[key] = (e, cs)
                if not present:
                    self._keys.insert(i, key)
            elif present:
                del self._keys[i]
                self._data.pop(key, None)
        self._changed()

    def _changed(self) -> None:
        size = Size(self.size.width, len(self._keys))
        old = self.virtual_size
        height = self.scrollable_content_region.height
        if size != old and size.width == old.width and (size.height > height) == (old.height > height):
            # One row more or less, and the scroll bar stays (or stays away):
            # Textual would lay the whole screen out again for a new virtual
            # size; only the scroll bar's thumb changes (Widget._scroll_update,
            # textual 8.2.x, pinned <8.3).
            self.set_reactive(ExcerptTable.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size
        self.cursor = min(self.cursor, max(0, len(self._keys) - 1))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.size.width
        if index >= len(self._keys):
            return Strip.blank(width, self.rich_style)
        text = self.row_text(index)[:width]
        style = self.rich_style
        if index == self.cursor:
            style = style + self.get_component_rich_style("excerpt--cursor")
        elif index % 2:
            style = style + Style(dim=True)
        return Strip([Segment(f"{text:<{width}}", style)], width)

    def watch_cursor(self, cursor: int) -> None:
        self.scroll_to_region(Region(0, cursor, 1, 1), animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self._keys:
            self.cursor = max(0, min(len(self._keys) - 1, self.cursor + delta))

    def action_jump(self) -> None:
        if self._keys:
            start, end = self._keys[self.cursor]
            self.post_message(self.Jump(start, end))

    def on_click(self, event) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._keys):
            self.cursor = index
            self.action_jump()
