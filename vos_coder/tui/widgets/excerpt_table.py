"""The excerpt panel: the coded excerpts of the open source; Enter jumps to one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from vos_coder.core.model import Coding, Excerpt
from vos_coder.core.text import squash


class ExcerptTable(DataTable):
    """One row per coded excerpt: where, themes, text. Cells are Text (never markup)."""

    @dataclass
    class Jump(Message):
        start: int
        end: int

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_column("At", key="at")
        self.add_column("Themes", key="themes")
        self.add_column("Text", key="text")

    def fill(self, excerpts: Sequence[tuple[Excerpt, list[Coding]]], names: Mapping[int, str]) -> None:
        self.clear()
        for e, codings in excerpts:
            if not codings:
                continue
            themes = ", ".join(dict.fromkeys(names.get(c.theme_id, "?") for c in codings))
            self.add_row(Text(str(e.start)), Text(themes[:24]), Text(squash(e.text)[:60]),
                         key=f"{e.start}:{e.end}")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        start, end = (int(x) for x in str(event.row_key.value).split(":"))
        self.post_message(self.Jump(start, end))
