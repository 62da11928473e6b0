"""Step through the passages where two coders disagree and settle each one:
keep the first coder's coding, the second's, both, or neither. A decision is
recorded as codings by the lead (the workbench's coder); the two coders'
own codings never change, so agreement with the lead can be measured."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from vos_coder.core.controls import pictured
from vos_coder.core.text import squash
from vos_coder.team.agree import Disagreement, disagreements, settle
from vos_coder.tui.messages import OpenSource

CHOICES = {"a": "first coder's", "b": "second coder's", "both": "both", "neither": "neither"}


def _spans(spans: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(f"{a}:{b}" for a, b in spans) or "-"


class DisagreementsScreen(Screen[None]):
    """One row per disagreement; 1, 2, b or 0 settles the highlighted one."""

    HELP = """Passages where two coders applied a theme differently. 1 keeps the first
coder's coding, 2 the second's, b both, 0 neither: the decision is saved as your
codings (the lead's), the coders' own codings stay. o opens the source there."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "settle('a')", "Keep first", id="settle-a",
                tooltip="Keep the first coder's coding of this passage as yours."),
        Binding("2", "settle('b')", "Keep second", id="settle-b",
                tooltip="Keep the second coder's coding of this passage as yours."),
        Binding("b", "settle('both')", "Both", id="settle-both",
                tooltip="Keep the union of both coders' codings as yours."),
        Binding("0", "settle('neither')", "Neither", id="settle-neither",
                tooltip="Decide the theme does not apply here."),
        Binding("o", "open", "Open source", id="disagreement-open",
                tooltip="Open the source at this passage."),
        Binding("escape", "back", "Back", id="disagreements-back", tooltip="Back to the previous screen."),
    ]

    def __init__(self, coders: tuple[str, str]) -> None:
        super().__init__()
        self.coders = coders
        self.found: list[Disagreement] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("", id="disagreements-title", markup=False)
            yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
            yield Static("", id="disagreement-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        a, b = self.coders
        table = self.query_one(DataTable)
        for label, key in (("n", "n"), ("Participant", "participant"), ("Theme", "theme"),
                           ("Kind", "kind"), (a, "a"), (b, "b"), ("Settled", "settled"), ("Text", "text")):
            table.add_column(Text(label), key=key)
        self.found = self.app.read(lambda p: disagreements(p, self.coders)) or []  # type: ignore[attr-defined]
        for i, d in enumerate(self.found, 1):
            table.add_row(Text(str(i)), Text(pictured(d.participant)), Text(pictured(d.theme)), Text(d.kind),
                          Text(_spans(d.a)), Text(_spans(d.b)), Text(""), Text(pictured(squash(d.text)[:80])),
                          key=str(i))
        self.query_one("#disagreements-title", Static).update(
            f"{len(self.found)} disagreement(s) between {a} and {b}; you settle them as "
            f"{self.app.coder}")  # type: ignore[attr-defined]
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        d = self._current()
        if d is not None:
            self.query_one("#disagreement-text", Static).update(pictured(f"{d.source_title} {d.start}:{d.end}\n{d.text}"))

    def _current(self) -> Disagreement | None:
        row = self.query_one(DataTable).cursor_row
        return self.found[row] if 0 <= row < len(self.found) else None

    def action_settle(self, accept: str) -> None:
        d = self._current()
        if d is None:
            self.app.warn("no disagreement here")  # type: ignore[attr-defined]
            return
        coder = self.app.coder  # type: ignore[attr-defined]
        if coder in self.coders:
            self.app.warn(f"you are coding as {coder}, one of the two coders; "  # type: ignore[attr-defined]
                          "open the workbench with --coder LEAD to settle")
            return
        spans = self.app.write(lambda p: settle(p, d, accept, coder))  # type: ignore[attr-defined]
        if spans is None:
            return
        table = self.query_one(DataTable)
        table.update_cell(str(table.cursor_row + 1), "settled", Text(CHOICES[accept]))
        self.notify(f"settled: {CHOICES[accept]} ({_spans(tuple(spans))})", markup=False, timeout=3)
        if table.cursor_row < len(self.found) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_open(self) -> None:
        d = self._current()
        if d is not None:
            self.app.post_message(OpenSource(d.source_id, d.start, d.end))

    def action_back(self) -> None:
        self.app.pop_screen()
