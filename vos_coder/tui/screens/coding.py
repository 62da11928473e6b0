"""The coding screen: read a transcript, select passages, tag them with themes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from vos_coder.core.model import Coding, Excerpt, Source, Theme, Turn
from vos_coder.tui.dialogs import TextInputDialog, ThemePicker
from vos_coder.tui.messages import CodingsChanged
from vos_coder.tui.screens.coding_keys import CodingKeys, coding_bindings
from vos_coder.tui.widgets import CodebookTree, ExcerptTable, Legend, TranscriptView


@dataclass
class SourceLoaded(Message):
    source: Source
    text: str
    turns: list[Turn]
    excerpts: list[tuple[Excerpt, list[Coding]]]


class CodingScreen(CodingKeys, Screen[None]):
    """One source: the transcript, the codebook panel and the excerpt panel."""

    HELP = """Select a passage with shift+arrows (or w, t, s), then press 1-9 or c to code it.
u undoes, ctrl+y redoes; n/p go to coded passages; / searches the project."""
    BINDINGS = coding_bindings()

    def __init__(self, source_id: int, start: int | None = None, end: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.initial = (start, end) if start is not None and end is not None else None
        self.source: Source | None = None
        self.turns: list[Turn] = []
        self.excerpts: list[tuple[Excerpt, list[Coding]]] = []
        self.themes: list[Theme] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="sidebar"):
                yield CodebookTree(id="codebook")
                yield Static("", id="definition", markup=False)
                yield ExcerptTable(id="excerpts")
            with Vertical():
                yield TranscriptView(id="transcript")
                yield Input(placeholder="find in this transcript (enter: next, escape: close)", id="find")
        yield Static("Opening…", id="status", markup=False)
        yield Footer()

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    def on_mount(self) -> None:
        self.view.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        self.app.codebook_changed.subscribe(self, lambda _: self.refresh_codings())  # type: ignore[attr-defined]
        self.load_codebook()
        self.load_source()

    def on_resize(self) -> None:
        self.query_one("#sidebar").set_class(self.size.width < 100, "-hidden")
        self.view.margin_width = 18 if self.size.width >= 100 else 12

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.refresh_codings()

    # -- loading ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="source", exit_on_error=False)
    def load_source(self) -> None:
        """A large source is read in a worker, with its own connection."""
        with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
            src = p.source(self.source_id)
            msg = SourceLoaded(src, p.source_text(src.id), p.turns(src.id), p.excerpts(src.id))
        self.post_message(msg)

    def on_source_loaded(self, message: SourceLoaded) -> None:
        self.source, self.turns, self.excerpts = message.source, message.turns, message.excerpts
        self.sub_title = f"{message.source.participant} · {message.source.title}"
        self.view.show(message.text, self.spans(), self.legend(), message.turns)
        self.query_one(ExcerptTable).fill(self.excerpts, {t.id: t.name for t in self.themes})
        self.loaded = True
        if self.initial:
            self.view.select_span(*self.initial)
        self.view.focus()
        self.update_status()

    def load_codebook(self) -> None:
        p = self.app.project  # type: ignore[attr-defined]
        self.themes = p.themes()
        self.query_one(CodebookTree).fill(self.themes, p.theme_stats())

    def legend(self) -> dict[int, Legend]:
        return {t.id: Legend(t.name, t.colour or "#888888") for t in self.themes}

    def spans(self) -> list[tuple[int, int, int]]:
        return [(e.start, e.end, c.theme_id) for e, codings in self.excerpts for c in codings]

    def refresh_codings(self) -> None:
        """Re-read codings and codebook (codings made by the CLI appear)."""
        if not self.loaded:
            return
        p = self.app.project  # type: ignore[attr-defined]
        excerpts = self.app.read(lambda q: q.excerpts(self.source_id))  # type: ignore[attr-defined]
        if excerpts is None:
            return
        self.excerpts = excerpts
        self.load_codebook()
        self.view.set_spans(self.spans(), self.legend())
        self.query_one(ExcerptTable).fill(self.excerpts, {t.id: t.name for t in self.themes})
        self.update_status()
        del p

    # -- status --------------------------------------------------------------------
    def update_status(self) -> None:
        if not self.loaded:
            return
        span = self.view.selected_span()
        here = span[0] if span else self.view.cursor_offset
        names = {t.id: t.name for t in self.themes}
        at = [names.get(c.theme_id, "?") for e, cs in self.excerpts if e.start <= here < e.end for c in cs]
        sel = f"selected {span[0]}:{span[1]} ({span[1] - span[0]} chars)" if span else f"at {here}"
        themes = ("themes here: " + ", ".join(dict.fromkeys(at))) if at else "not coded here"
        self.query_one("#status", Static).update(Text(f"{sel} · {themes} · ? for keys"))

    @on(TranscriptView.SpanSelected)
    def _moved(self) -> None:
        self.update_status()

    @on(CodebookTree.NodeHighlighted)
    def _theme_highlighted(self, event: CodebookTree.NodeHighlighted) -> None:
        t = self.query_one(CodebookTree).current
        text = "" if t is None else (t.description or "(no definition yet: press e to write one)")
        self.query_one("#definition", Static).update(Text(text))

    @on(CodebookTree.Changed)
    def _codebook_changed(self) -> None:
        self.refresh_codings()
        self.app.post_message(CodingsChanged(None))

    @on(ExcerptTable.Jump)
    def _jump(self, event: ExcerptTable.Jump) -> None:
        self.view.select_span(event.start, event.end)
        self.view.focus()

    # -- coding ------------------------------------------------------------------------
    def apply_themes(self, theme_ids: list[int]) -> bool:
        """Code the selection with the themes; False (and a notification) when it cannot."""
        span = self.view.selected_span()
        if span is None:
            self.app.warn("select a passage first: shift+arrows, w (word), t (turn), s (sentence)")  # type: ignore[attr-defined]
            return False
        app = self.app
        names = ", ".join(t.name for t in self.themes if t.id in theme_ids)
        made = app.write(lambda p: p.code(self.source_id, span[0], span[1], theme_ids,  # type: ignore[attr-defined]
                                          app.coder), None)
        if made is None:
            return False
        app.notify(f"coded {span[1] - span[0]} characters with {names}" if made
                   else f"already coded with {names}", markup=False, timeout=3)
        self.refresh_codings()
        return True

    def action_theme(self, n: int) -> None:
        if n - 1 < len(self.themes):
            self.apply_themes([self.themes[n - 1].id])
        else:
            self.app.warn(f"the codebook has no theme number {n}")  # type: ignore[attr-defined]

    def action_pick(self) -> None:
        if self.view.selected_span() is None:
            self.app.warn("select a passage first: shift+arrows, w (word), t (turn), s (sentence)")  # type: ignore[attr-defined]
            return

        def chosen(ids: list[int] | None) -> None:
            if ids:
                self.apply_themes(ids)

        self.app.push_screen(ThemePicker(self.themes), chosen)

    def excerpts_here(self) -> list[tuple[Excerpt, list[Coding]]]:
        span = self.view.selected_span()
        if span is not None:
            exact = [(e, c) for e, c in self.excerpts if (e.start, e.end) == span and c]
            if exact:
                return exact
        here = self.view.cursor_offset
        return [(e, c) for e, c in self.excerpts if e.start <= here < e.end and c]

    def action_uncode(self) -> None:
        found = self.excerpts_here()
        codings = [c for _e, cs in found for c in cs]
        if not codings:
            self.app.warn("no coding here to remove; put the cursor on a coded passage")  # type: ignore[attr-defined]
            return
        by_theme: dict[int, list[int]] = {}
        for c in codings:
            by_theme.setdefault(c.theme_id, []).append(c.id)

        def chosen(ids: list[int] | None) -> None:
            if ids:
                gone = [cid for tid in ids for cid in by_theme.get(tid, [])]
                if self.app.write(lambda p: p.uncode(gone, self.app.coder),  # type: ignore[attr-defined]
                                  f"removed {len(gone)} coding(s)") is not None:
                    self.refresh_codings()

        if len(by_theme) == 1:
            chosen(list(by_theme))
        else:
            here = [t for t in self.themes if t.id in by_theme]
            self.app.push_screen(ThemePicker(here, "Remove codings"), chosen)

    def action_memo(self) -> None:
        found = self.excerpts_here()
        if not found:
            self.app.warn("put the cursor on a coded passage to write a memo on it")  # type: ignore[attr-defined]
            return
        excerpt = found[0][0]

        def written(text: str | None) -> None:
            if text:
                self.app.write(lambda p: p.add_memo("excerpt", excerpt.id, text, self.app.coder),  # type: ignore[attr-defined]
                               "memo saved")

        old = self.app.read(lambda p: p.memos("excerpt", excerpt.id)) or []  # type: ignore[attr-defined]
        question = f"Memo on the excerpt at {excerpt.start}:{excerpt.end}" + (
            f" ({len(old)} already; last: {old[-1].text[:40]})" if old else "")
        self.app.push_screen(TextInputDialog(question), written)

    def action_undo(self) -> None:
        done = self.app.write(lambda p: p.undo(self.app.coder))  # type: ignore[attr-defined]
        self._after_history(done, "undid", "nothing to undo")

    def action_redo(self) -> None:
        done = self.app.write(lambda p: p.redo(self.app.coder))  # type: ignore[attr-defined]
        self._after_history(done, "redid", "nothing to redo")

    def _after_history(self, done: dict | None, verb: str, nothing: str) -> None:
        if not done:
            self.app.notify(nothing, markup=False, timeout=3)
            return
        what = "coding" if done["action"] == "code" else "removal"
        self.app.notify(f"{verb} {what} of {len(done['payload'])} theme(s)", markup=False, timeout=3)
        self.refresh_codings()
        first = done["payload"][0]
        if first.get("source") == self.source_id:
            self.view.select_span(first["start"], first["end"])

    def action_reload(self) -> None:
        self.refresh_codings()
        self.app.notify("refreshed from the project file", markup=False, timeout=2)
