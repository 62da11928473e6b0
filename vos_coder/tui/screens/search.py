"""Search across the project: full text (accents and case ignored), and fuzzy
for misspellings when nothing matches exactly; Enter opens the source at the hit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from vos_coder.core.fuzzy import closest
from vos_coder.core.text import squash
from vos_coder.errors import VosError
from vos_coder.tui.messages import OpenSource


@dataclass
class SearchDone(Message):
    query: str
    hits: list[tuple[int, int, int, str, str]]  # source, start, end, who, context
    note: str


def search_project(p, query: str, limit: int = 200) -> tuple[list[tuple[int, int, int, str, str]], str]:
    """Hits for ``query``; when there are none, the closest words of the
    project are tried instead (a misspelling). Runs in a worker."""
    hits = p.search_sources(query, limit)
    note = ""
    if not hits:
        vocab: set[str] = set()
        for s in p.sources():
            vocab.update(w.casefold() for w in re.findall(r"\w{3,}", p.source_text(s.id)))
        guesses = [closest(w, vocab, limit=1, cutoff=75) for w in re.findall(r"\w+", query)]
        better = " ".join(g[0] for g in guesses if g)
        if better and better != query.casefold():
            hits = p.search_sources(better, limit)
            note = f"no exact match; showing hits for “{better}”"
    sources = {s.id: s for s in p.sources()}
    out = []
    for sid, start, end in hits:
        text = p.source_text(sid)
        context = squash(text[max(0, start - 40):end + 40])
        s = sources.get(sid)
        out.append((sid, start, end, f"{s.participant} · {s.title}" if s else str(sid), context))
    return out, note


class SearchScreen(Screen[None]):
    """Type words, press Enter; pick a hit to open it."""

    HELP = "Search every transcript. Accents and case are ignored; misspellings get the closest words."
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="search-back", tooltip="Back to the previous screen.")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search the project, then enter", id="query")
        yield Static("", id="search-note", markup=False)
        yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hits", DataTable).add_columns("Source", "At", "Context")
        self.query_one("#query", Input).focus()

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_one("#search-note", Static).update("searching…")
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        worker = get_current_worker()
        try:
            with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
                hits, note = search_project(p, query)
        except VosError as exc:
            hits, note = [], str(exc)
        if not worker.is_cancelled:
            self.post_message(SearchDone(query, hits, note))

    def on_search_done(self, message: SearchDone) -> None:
        table = self.query_one("#hits", DataTable)
        table.clear()
        for sid, start, end, who, context in message.hits:
            table.add_row(Text(who), Text(str(start)), Text(context), key=f"{sid}:{start}:{end}")
        count = f"{len(message.hits)} hit(s) for “{message.query}”"
        self.query_one("#search-note", Static).update(
            f"{count}. {message.note}" if message.note else count)
        if message.hits:
            table.focus()

    @on(DataTable.RowSelected, "#hits")
    def _open(self, event: DataTable.RowSelected) -> None:
        sid, start, end = (int(x) for x in str(event.row_key.value).split(":"))
        self.app.post_message(OpenSource(sid, start, end))

    def action_back(self) -> None:
        self.app.pop_screen()
