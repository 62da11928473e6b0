"""Project overview: participants and their sources, with excerpts and the
share of text coded; Enter opens a source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from vos_coder.core.shares import percent
from vos_coder.core.spans import covered
from vos_coder.tui.messages import OpenSource


@dataclass
class OverviewLoaded(Message):
    rows: list[tuple[int, tuple[str, ...]]]
    summary: str


class OverviewScreen(Screen[None]):
    """Every participant's sources; the starting screen."""

    HELP = "Pick a source and press Enter to read and code it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open source", id="overview-open",
                tooltip="Read and code the highlighted source."),
        Binding("r,f5", "reload", "Refresh", id="overview-refresh",
                tooltip="Read the project again (codings made elsewhere appear)."),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the project…", id="summary", classes="title", markup=False)
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sources", DataTable)
        for label in ("Participant", "Group", "Attributes", "Source", "Excerpts", "Coded"):
            table.add_column(label, key=label.lower())
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self) -> None:
        """Counts for every source, in a worker with its own connection."""
        worker = get_current_worker()
        with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
            people = {x.pid: x for x in p.participants()}
            rows = []
            # conversations first (they are what researchers code), then by identifier
            for s in sorted(p.sources(), key=lambda s: (s.kind != "conversation", s.participant, s.id)):
                if worker.is_cancelled:
                    return
                spans = p.q('SELECT e.start, e."end" FROM excerpts e WHERE e.source_id = ? AND '
                            "EXISTS (SELECT 1 FROM codings c WHERE c.excerpt_id = e.id)", [s.id])
                person = people.get(s.participant)
                attrs = "; ".join(f"{k}={'/'.join(v)}" for k, v in (person.attributes if person else {}).items())
                share = covered((r["start"], r["end"]) for r in spans)
                rows.append((s.id, (s.participant, person.group if person else "", attrs[:40], s.title,
                                    str(len(spans)), f"{percent(share, s.length)}%" if s.length else "-")))
            summary = (f"{p.path.name}: {len(people)} participants, {len(rows)} sources, "
                       f"{len(p.themes())} themes — Enter opens a source, ctrl+p for commands")
        self.post_message(OverviewLoaded(rows, summary))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        table = self.query_one("#sources", DataTable)
        keep = table.cursor_row
        table.clear()
        for sid, cells in message.rows:
            table.add_row(*(Text(c) for c in cells), key=str(sid))
        if message.rows:
            table.move_cursor(row=min(keep, len(message.rows) - 1))
        self.query_one("#summary", Static).update(message.summary)
        table.focus()

    @on(DataTable.RowSelected, "#sources")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.post_message(OpenSource(int(event.row_key.value)))

    def memo_targets(self) -> list:
        """The highlighted source and its participant (for the memos panel)."""
        from vos_coder.tui.memo_context import source_targets

        table = self.query_one("#sources", DataTable)
        if not table.row_count:
            return []
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return source_targets(self.app.project, int(key.value))  # type: ignore[attr-defined]

    def action_open(self) -> None:
        table = self.query_one("#sources", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.post_message(OpenSource(int(key.value)))
