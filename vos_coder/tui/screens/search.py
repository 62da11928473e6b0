"""Search across the project: full text (accents and case ignored), fuzzy for
misspellings when nothing matches exactly, and memos. Every hit is counted
(results come in pages, never a silent cap); tick hits and code them with
one or more themes, widened to the sentence or turn if asked, as one undo step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from vos_coder.core.controls import pictured
from vos_coder.core.filters import Filter
from vos_coder.core.widen import WIDEN_MODES
from vos_coder.errors import VosError
from vos_coder.tui.dialogs import ThemePicker
from vos_coder.tui.messages import CodingsChanged, OpenSource
from vos_coder.tui.search_hits import Hit, MemoHit, code_hits, search_project
from vos_coder.tui.widgets import FilterBar

PAGE = 100
TICK = "✓"


@dataclass
class SearchDone(Message):
    query: str
    hits: list[Hit]
    memos: list[MemoHit]
    note: str
    sources: int = 0
    error: str = ""
    unfiltered: int = field(default=0)


class SearchScreen(Screen[None]):
    """Type words, press Enter; tick hits and code them, or open one."""

    HELP = """Search every transcript (accents and case ignored; misspellings get the closest words)
and every memo. space ticks a hit, * ticks every hit, c codes the ticked hits (or the highlighted one),
w widens what is coded to the sentence or turn, ] and [ turn pages, f filters."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="search-tick", tooltip="Tick or untick the highlighted hit."),
        Binding("asterisk", "tick_all", "Tick all", id="search-tick-all",
                tooltip="Tick every hit on every page (again: untick them all)."),
        Binding("c", "code", "Code…", id="search-code",
                tooltip="Code the ticked hits (or the highlighted one) with one or more themes; one undo step."),
        Binding("w", "widen", "Widen", id="search-widen",
                tooltip="What a hit codes: the words found, their sentence, or the whole speaker turn."),
        Binding("right_square_bracket", "page(1)", "Next page", id="search-next-page",
                tooltip="The next page of hits."),
        Binding("left_square_bracket", "page(-1)", "Prev page", id="search-prev-page", show=False,
                tooltip="The previous page of hits."),
        Binding("f", "filter", "Filter", id="search-filter",
                tooltip="Only hits of some participants, a group, an attribute, a coder or a quote status."),
        Binding("u,ctrl+z", "undo", "Undo", id="search-undo", show=False,
                tooltip="Undo your last coding action (a whole batch of hits is one)."),
        Binding("ctrl+l", "focus_query", "New search", id="search-again", show=False,
                tooltip="Back to the search line."),
        Binding("escape", "back", "Back", id="search-back", tooltip="Back to the previous screen."),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.hits: list[Hit] = []
        self.memo_hits: list[MemoHit] = []
        self.ticked: set[Hit] = set()
        self.page = 0
        self.widen = "hit"
        self.note = ""
        self.sources = 0
        self.filter = Filter()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search the project, then enter", id="query")
        yield FilterBar(id="search-filter")
        yield Static("", id="search-note", markup=False)
        yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hits", DataTable).add_columns(TICK, "Source", "At", "Context")
        self.query_one("#query", Input).focus()

    # -- searching ------------------------------------------------------------------
    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.query_one("#search-note", Static).update("searching…")
        self.run_search(event.value, self.filter)

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter = event.filter
        if self.query_text.strip():
            self.run_search(self.query_text, self.filter)
        else:
            self.query_one("#query", Input).focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, f: Filter) -> None:
        worker = get_current_worker()
        try:
            with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
                hits, memos, note = search_project(p, query, f)
            done = SearchDone(query, hits, memos, note, len({h.source_id for h in hits}))
        except VosError as exc:
            done = SearchDone(query, [], [], "", error=str(exc))
        if not worker.is_cancelled:
            self.post_message(done)

    def on_search_done(self, message: SearchDone) -> None:
        if message.error:
            self.app.warn(message.error)  # type: ignore[attr-defined]
        self.hits, self.memo_hits, self.note = message.hits, message.memos, message.note
        self.sources = message.sources
        self.ticked = set()
        self.page = 0
        self.show_page()
        if self.hits or self.memo_hits:
            self.query_one("#hits", DataTable).focus()

    # -- showing ---------------------------------------------------------------------
    @property
    def pages(self) -> int:
        return max(1, -(-len(self.hits) // PAGE))

    def show_page(self) -> None:
        table = self.query_one("#hits", DataTable)
        keep = table.cursor_row
        table.clear()
        if self.page == 0:
            for m in self.memo_hits:
                table.add_row(Text(""), Text(pictured(f"memo · {m.target}")), Text(pictured(m.author)),
                              Text(pictured(m.text)), key=f"memo:{m.memo_id}")
        for h in self.hits[self.page * PAGE:(self.page + 1) * PAGE]:
            context = Text(pictured(h.before), style="dim")
            context.append(pictured(h.found), style="bold reverse")
            context.append(pictured(h.after), style="dim")
            table.add_row(Text(TICK if h in self.ticked else ""), Text(pictured(h.who)), Text(str(h.start)),
                          context, key=h.key)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.update_note()

    def update_note(self) -> None:
        if not self.query_text:
            return
        first, last = self.page * PAGE + 1, min(len(self.hits), (self.page + 1) * PAGE)
        parts = [f"{len(self.hits)} hit(s) in {self.sources} source(s) for “{self.query_text}”"]
        if len(self.hits) > PAGE:
            parts.append(f"showing {first}-{last}, page {self.page + 1} of {self.pages} (] next, [ previous)")
        if self.memo_hits:
            parts.append(f"{len(self.memo_hits)} memo(s)")
        parts.append(f"{len(self.ticked)} ticked · codes: {self.widen}")
        text = " · ".join(parts)
        self.query_one("#search-note", Static).update(f"{text}. {self.note}" if self.note else text)

    def highlighted(self) -> str | None:
        table = self.query_one("#hits", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _hit(self, key: str | None) -> Hit | None:
        return next((h for h in self.hits if h.key == key), None) if key else None

    # -- actions ---------------------------------------------------------------------
    def action_tick(self) -> None:
        hit = self._hit(self.highlighted())
        if hit is None:
            return
        self.ticked ^= {hit}
        table = self.query_one("#hits", DataTable)
        table.update_cell(hit.key, table.ordered_columns[0].key, Text(TICK if hit in self.ticked else ""))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self.update_note()

    def action_tick_all(self) -> None:
        self.ticked = set() if len(self.ticked) == len(self.hits) else set(self.hits)
        self.show_page()

    def action_widen(self) -> None:
        self.widen = WIDEN_MODES[(WIDEN_MODES.index(self.widen) + 1) % len(WIDEN_MODES)]
        self.update_note()

    def action_page(self, step: int) -> None:
        page = min(max(0, self.page + step), self.pages - 1)
        if page != self.page:
            self.page = page
            self.show_page()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_code(self) -> None:
        chosen = sorted(self.ticked, key=self.hits.index) if self.ticked else []
        if not chosen:
            hit = self._hit(self.highlighted())
            chosen = [hit] if hit else []
        if not chosen:
            self.app.warn("no hit to code: search, then tick hits with space (or * for all)")  # type: ignore[attr-defined]
            return
        app = self.app
        themes = app.read(lambda p: p.themes()) or []  # type: ignore[attr-defined]

        def picked(ids: list[int] | None) -> None:
            if not ids:
                return
            made = app.write(lambda p: code_hits(p, chosen, ids, self.widen, app.coder))  # type: ignore[attr-defined]
            if made is None:
                return
            names = ", ".join(t.name for t in themes if t.id in ids)
            app.notify(f"coded {len(chosen)} hit(s) ({self.widen}) with {names}: {made} new coding(s); "
                       "u undoes the whole batch",
                       markup=False, timeout=5)
            self.ticked = set()
            self.show_page()
            app.post_message(CodingsChanged(None))

        self.app.push_screen(ThemePicker(themes, f"Code {len(chosen)} hit(s) ({self.widen}) with"), picked)

    @on(DataTable.RowSelected, "#hits")
    def _open(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        if key.startswith("memo:"):
            memo = next((m for m in self.memo_hits if key == f"memo:{m.memo_id}"), None)
            if memo is not None:
                from vos_coder.tui.dialogs import MemoTarget
                from vos_coder.tui.screens.memos import MemosScreen

                self.app.push_screen(MemosScreen([MemoTarget(memo.kind, memo.target_id, memo.target)]))
            return
        hit = self._hit(key)
        if hit is not None:
            self.app.post_message(OpenSource(hit.source_id, hit.start, hit.end))

    def memo_targets(self) -> list:
        """The highlighted hit's source and participant."""
        from vos_coder.tui.memo_context import source_targets

        hit = self._hit(self.highlighted())
        return source_targets(self.app.project, hit.source_id) if hit else []  # type: ignore[attr-defined]

    def action_undo(self) -> None:
        app = self.app
        done = app.write(lambda p: p.undo(app.coder) or {})  # type: ignore[attr-defined]
        if done is not None:  # named as everywhere else (the batch may span transcripts)
            app.notify(f"undid: {done['description']}" if done else "nothing to undo",
                       markup=False, timeout=3)
            app.post_message(CodingsChanged(None))

    def action_back(self) -> None:
        self.app.pop_screen()
