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
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from vos_coder.core.controls import pictured
from vos_coder.core.filters import Filter
from vos_coder.core.shares import percent
from vos_coder.errors import VosError
from vos_coder.tui.messages import OpenSource
from vos_coder.tui.widgets.filter_bar import FilterBar
from vos_coder.tui.widgets.footer import Footer


@dataclass
class OverviewLoaded(Message):
    rows: list[tuple[int, tuple[str, ...]]]
    summary: str
    error: str = ""


def overview_rows(p, f: Filter, cancelled=lambda: False) -> tuple[list[tuple[int, tuple[str, ...]]], str]:
    """One row per source of the participants the filter keeps: excerpts and
    the share of text coded (with --coder or --status: by those codings only)."""
    from vos_coder.core.spans import covered  # (after the first frame)

    people = {x.pid: x for x in p.participants()}
    keep = p.pids_in(f) if not f.empty else set(people)
    spans_of: dict[int, list[tuple[int, int]]] | None = None
    if f.narrows_codings:
        spans_of = {}
        for passage in p.filtered_passages(f):
            spans_of.setdefault(passage.source_id, []).append((passage.start, passage.end))
    rows = []
    # conversations first (they are what researchers code), then by identifier
    for s in sorted(p.sources(), key=lambda s: (s.kind != "conversation", s.participant, s.id)):
        if cancelled():
            return [], ""
        if s.participant not in keep:
            continue
        if spans_of is None:
            spans = [(r["start"], r["end"]) for r in p.q(
                'SELECT e.start, e."end" FROM excerpts e WHERE e.source_id = ? AND '
                "EXISTS (SELECT 1 FROM codings c WHERE c.excerpt_id = e.id)", [s.id])]
        else:
            spans = spans_of.get(s.id, [])
        person = people.get(s.participant)
        attrs = "; ".join(f"{k}={'/'.join(v)}" for k, v in (person.attributes if person else {}).items())
        share = covered(spans)
        rows.append((s.id, (s.participant, person.group if person else "", s.title, str(len(spans)),
                            f"{percent(share, s.length)}%" if s.length else "-", attrs[:60])))
    shown = len({cells[0] for _sid, cells in rows})
    who = f"{shown} of {len(people)} participants" if not f.empty else f"{len(people)} participants"
    summary = (f"{p.path.name}: {who}, {len(rows)} sources, {len(p.themes())} themes — "
               "Enter opens a source, ctrl+p for commands")
    return rows, summary


class OverviewScreen(Screen[None]):
    """Every participant's sources; the starting screen."""

    HELP = """Pick a source and press Enter to read and code it. f filters by participant, group,
attribute, coder or quote status (the syntax of vos-coder query)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open source", id="overview-open",
                tooltip="Read and code the highlighted source."),
        Binding("r,f5", "reload", "Refresh", id="overview-refresh",
                tooltip="Read the project again (codings made elsewhere appear)."),
        Binding("f", "filter", "Filter", id="overview-filter",
                tooltip="Only some participants, a group, an attribute; count one coder's codings or one quote status."),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the project…", id="summary", classes="title", markup=False)
        yield FilterBar(id="overview-filter")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sources", DataTable)
        for label in ("Participant", "Group", "Source", "Excerpts", "Coded", "Attributes"):
            table.add_column(label, key=label.lower())
        self.filter = Filter()
        self._fresh = True
        if self.app.project is None:  # type: ignore[attr-defined]
            # `vos-coder open` draws this screen before it opens the project (VosApp.opening)
            self.query_one("#summary", Static).update(
                pictured(f"Opening {self.app.db_path.name}…"))  # type: ignore[attr-defined]
            return
        self.show_project()

    def show_project(self) -> None:
        """The sources, read on the UI thread on the app's own connection (a
        few queries; no worker, no second connection), shown in the next frame."""
        shown = self.app.read(lambda p: overview_rows(p, self.filter))  # type: ignore[attr-defined]
        if shown is not None:
            self.on_overview_loaded(OverviewLoaded(*shown))

    def on_screen_resume(self) -> None:
        if self._fresh:  # Textual resumes the screen when it is first shown: already read
            self._fresh = False
            return
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter = event.filter
        self.load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self) -> None:
        """Counts for every source, in a worker with its own connection."""
        worker = get_current_worker()
        f = self.filter
        try:
            with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
                rows, summary = overview_rows(p, f, lambda: worker.is_cancelled)
        except VosError as exc:
            self.post_message(OverviewLoaded([], "", str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(OverviewLoaded(rows, summary))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        if message.error:
            self.app.warn(message.error)  # type: ignore[attr-defined]
            return
        table = self.query_one("#sources", DataTable)
        keep = table.cursor_row
        table.clear()
        for sid, cells in message.rows:
            table.add_row(*(Text(pictured(c)) for c in cells), key=str(sid))
        if message.rows:
            table.move_cursor(row=min(keep, len(message.rows) - 1))
        self.query_one("#summary", Static).update(pictured(message.summary))
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
