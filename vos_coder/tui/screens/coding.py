"""The coding screen: read a transcript, select passages, tag them with themes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from vos_coder.core.controls import pictured
from vos_coder.core.model import Coding, Excerpt, Source, Theme, Turn
from vos_coder.core.palette import assign, overlap_pairs
from vos_coder.core.passages import clip_to_turn
from vos_coder.core.quick_keys import QuickKeys
from vos_coder.tui import collector
from vos_coder.tui.dialogs import TextInputDialog, ThemePicker
from vos_coder.tui.messages import CodingsChanged
from vos_coder.tui.screens.coding_keys import CodingKeys, coding_bindings
from vos_coder.tui.widgets import CodebookTree, ExcerptTable, Legend, TranscriptView
from vos_coder.tui.widgets.find_bar import FindBar
from vos_coder.tui.widgets.footer import Footer

SELECT_FIRST = "select a passage first: shift+arrows, w (word), t (turn), s (sentence)"


@dataclass
class SourceLoaded(Message):
    source: Source
    text: str
    turns: list[Turn]
    excerpts: list[tuple[Excerpt, list[Coding]]]


class CodingScreen(CodingKeys, Screen[None]):
    """One source: the transcript, the codebook panel and the excerpt panel."""

    HELP = """Select a passage with shift+arrows (or w, t, s), then press 1-9 or c to code it.
A passage never spans speakers: a selection over a turn boundary is clipped to the turn
where it starts, without the speaker label or blank lines.
u undoes and ctrl+y redoes your codings in THIS transcript only, naming what changed;
the whole-project undo is in the command palette (ctrl+p, "Undo anywhere") and the CLI.
ctrl+f finds words (enter/down next, up previous, wraps); n/p go to coded passages."""
    BINDINGS = coding_bindings()

    def __init__(self, source_id: int, start: int | None = None, end: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.initial = (start, end) if start is not None and end is not None else None
        self.source: Source | None = None
        self.turns: list[Turn] = []
        self.excerpts: list[tuple[Excerpt, list[Coding]]] = []
        self.themes: list[Theme] = []
        self.quick = QuickKeys("")
        self.colours: dict[int, str] = {}
        self._pairs: set[tuple[int, int]] = set()
        self.loaded = False
        self._own_dialog = False
        self._folded: tuple[str, list[int]] | None = None
        self._last_change = ""
        self._recount_timer: Timer | None = None
        self._collecting: AbstractContextManager[None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="sidebar"):
                yield CodebookTree(id="codebook")
                yield Static("", id="definition", markup=False)
                yield ExcerptTable(id="excerpts")
            with Vertical():
                yield TranscriptView(id="transcript")
                yield FindBar(id="find")
        yield Static("Opening…", id="status", markup=False)
        yield Footer()

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    def on_mount(self) -> None:
        self.view.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        self.app.codebook_changed.subscribe(self, lambda _: self.refresh_codings())  # type: ignore[attr-defined]
        self.app.theme_changed_signal.subscribe(self, self._recolour)
        self.load_codebook()
        self._collecting = collector.paused()  # no full collection while the transcript is built
        self._collecting.__enter__()
        self.load_source()

    def on_unmount(self) -> None:
        self._resume_collector()
        # The transcript's objects can go now: collect them at a quiet moment.
        self.app.set_timer(0.5, collector.release)

    def _resume_collector(self, settle: bool = False) -> None:
        if self._collecting is not None:
            self._collecting.__exit__(None, None, None)
            self._collecting = None
            if settle:
                collector.settle()  # the transcript and its tables live as long as the screen

    def on_resize(self) -> None:
        self.query_one("#sidebar").set_class(self.size.width < 100, "-hidden")
        self.view.margin_width = 18 if self.size.width >= 100 else 12

    def on_screen_resume(self) -> None:
        # Back from this screen's own dialog: it changed only what its callback
        # updated. Back from another screen (search, browser): read again.
        if self.loaded and not self._own_dialog:
            self.refresh_codings()
        self._own_dialog = False

    # -- loading ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="source", exit_on_error=False)
    def load_source(self) -> None:
        """A large source is read in a worker, with its own connection."""
        with self.app.open_worker_project() as p:  # type: ignore[attr-defined]
            src = p.source(self.source_id)
            msg = SourceLoaded(src, p.source_text(src.id), p.turns(src.id), p.excerpts(src.id))
        self.post_message(msg)

    def on_source_loaded(self, message: SourceLoaded) -> None:
        self.call_after_refresh(self._resume_collector, True)
        self.source, self.turns, self.excerpts = message.source, message.turns, message.excerpts
        self.sub_title = pictured(f"{message.source.participant} · {message.source.title}")
        self.view.show(pictured(message.text), self.spans(), self.legend(), message.turns)
        self.query_one(CodebookTree).repaint(self.colours)
        self.query_one(ExcerptTable).fill(self.excerpts, {t.id: t.name for t in self.themes})
        self.loaded = True
        if self.initial:
            self.view.select_span(*self.initial)
        self.set_focus(self.view)
        self.update_status()

    def load_codebook(self) -> None:
        p = self.app.project  # type: ignore[attr-defined]
        self.themes = p.themes()
        self.quick = p.quick_keys(self.app.coder, self.themes)  # type: ignore[attr-defined]
        self.colours = self._assign()
        self.query_one(CodebookTree).fill(self.themes, p.theme_stats(), self.quick, self.colours)

    def legend(self) -> dict[int, Legend]:
        """Each theme's label and the colour it is shown in: siblings, and
        themes that overlap in this source, never share one (core/palette.py)."""
        self.colours = self._assign()
        return {t.id: Legend(pictured(t.name), self.colours[t.id]) for t in self.themes}

    def _assign(self) -> dict[int, str]:
        """Colours for the themes: the ones shown now wherever they still
        keep siblings and overlapping themes apart (core/palette.py)."""
        light = not self.app.current_theme.dark
        self._pairs = overlap_pairs(self.spans())
        return assign(self.themes, self._pairs, light=light, keep=self.colours)

    def _recolour(self, *_args: object) -> None:
        """Another Textual theme (dark or light): the palette that suits it."""
        if self.loaded:
            self.view.set_legend(self.legend())
            self.query_one(CodebookTree).repaint(self.colours)

    def spans(self) -> list[tuple[int, int, int]]:
        return [(e.start, e.end, c.theme_id) for e, codings in self.excerpts for c in codings]

    def refresh_codings(self) -> None:
        """Re-read codings and codebook (codings made by the CLI appear)."""
        if not self.loaded:
            return
        excerpts = self.app.read(lambda q: q.excerpts(self.source_id))  # type: ignore[attr-defined]
        if excerpts is None:
            return
        self.excerpts = excerpts
        self.load_codebook()
        self.view.set_spans(self.spans(), self.legend())
        self.query_one(ExcerptTable).fill(self.excerpts, {t.id: t.name for t in self.themes})
        self.update_status()

    def codings_changed(self, spans: list[tuple[int, int]]) -> None:
        """After a coding action on ``spans`` of this source: re-read only
        those excerpts, redraw only the rows they cover, update only their
        rows in the excerpt panel; theme counts follow when the app is idle."""
        fresh = self.app.read(lambda q: q.excerpts_at(self.source_id, spans))  # type: ignore[attr-defined]
        if fresh is None:
            return
        by_span = {(e.start, e.end): (e, cs) for e, cs in fresh}
        kept = [(e, cs) for e, cs in self.excerpts if (e.start, e.end) not in by_span]
        self.excerpts = sorted(kept + list(by_span.values()), key=lambda x: (x[0].start, x[0].end))
        self.view.update_spans(self.spans(), spans)
        # A new overlap can only involve the passages just changed: add those
        # pairs (pairs that went stay until the next full read: a safe excess).
        near = [(a, b, k) for a, b, k in self.spans() if any(a < hi and lo < b for lo, hi in spans)]
        fresh = overlap_pairs(near) - self._pairs
        if fresh:
            self._pairs |= fresh
            light = not self.app.current_theme.dark
            colours = assign(self.themes, self._pairs, light=light, keep=self.colours)
            if colours != self.colours:  # the new overlap made two themes clash
                self.colours = colours
                self.view.set_legend({t.id: Legend(t.name, colours[t.id]) for t in self.themes})
                self.query_one(CodebookTree).repaint(colours)
        names = {t.id: t.name for t in self.themes}
        gone: list[tuple[Excerpt, list[Coding]]] = [
            (Excerpt(0, self.source_id, a, b, ""), []) for a, b in spans if (a, b) not in by_span]
        self.query_one(ExcerptTable).update(list(by_span.values()) + gone, names)
        self.update_status()
        # Theme counts in the codebook panel follow once the keys pause.
        if self._recount_timer is not None:
            self._recount_timer.stop()
        self._recount_timer = self.set_timer(0.6, self._recount)

    def _recount(self) -> None:
        self._recount_timer = None
        stats = self.app.read(lambda q: q.theme_stats())  # type: ignore[attr-defined]
        if stats is not None:
            self.query_one(CodebookTree).fill(self.themes, stats)

    # -- status --------------------------------------------------------------------
    def update_status(self) -> None:
        if not self.loaded:
            return
        span = self.view.selected_span()
        here = span[0] if span else self.view.cursor_offset
        names = {t.id: t.name for t in self.themes}
        at = [names.get(c.theme_id, "?") for e, cs in self.excerpts_over(here) for c in cs]
        sel = f"selected {span[0]}:{span[1]} ({span[1] - span[0]} chars)" if span else f"at {here}"
        themes = ("themes here: " + ", ".join(dict.fromkeys(at))) if at else "not coded here"
        last = f" · {self._last_change}" if self._last_change else ""
        line = Text(pictured(f"{sel} · {themes}"))
        line.append(pictured(last), style="bold")
        line.append(" · ? for keys")
        # one row, always (vos.tcss): no layout of the whole screen for a new status
        self.query_one("#status", Static).update(line, layout=False)

    def excerpts_over(self, offset: int) -> list[tuple[Excerpt, list[Coding]]]:
        return [(e, cs) for e, cs in self.excerpts if e.start <= offset < e.end and cs]

    def said(self, message: str) -> None:
        """Tell what a key did, on the status line (where the eye already is;
        a toast would re-lay the whole screen out on every coding key)."""
        self._last_change = message
        self.view.steady_cursor()
        self.update_status()

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
        self.set_focus(self.view)

    # -- keys that open a dialog or change codings run as priority bindings, in
    # the order typed; in the find bar they are letters and pass through.
    def _not_typing(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()

    def _dialog(self, screen, callback) -> None:
        self._own_dialog = True
        self.app.push_screen(screen, callback)

    # -- coding ------------------------------------------------------------------------
    def passage(self) -> tuple[int, int] | None:
        """The selection clipped to the turn where it starts (a passage never
        spans speakers), or None (with a notification) when there is none."""
        span = self.view.selected_span()
        if span is None:
            self.app.warn(SELECT_FIRST)  # type: ignore[attr-defined]
            return None
        clipped = clip_to_turn(self.view.source_text, self.turns, *span)
        if clipped is None:
            self.app.warn("the selection holds only a speaker label or blank lines; "  # type: ignore[attr-defined]
                          "select some of what was said")
        return clipped

    def apply_themes(self, theme_ids: list[int], span: tuple[int, int] | None = None) -> bool:
        """Code the passage with the themes; False (and a notification) when it cannot."""
        span = span or self.passage()
        if span is None:
            return False
        app = self.app
        names = ", ".join(t.name for t in self.themes if t.id in theme_ids)
        made = app.write(lambda p: p.code(self.source_id, span[0], span[1], theme_ids,  # type: ignore[attr-defined]
                                          app.coder), None)
        if made is None:
            return False
        clipped = span != self.view.selected_span()
        if clipped:
            self.view.select_span(*span)
        where = f"{span[0]}:{span[1]} in {self.source.participant if self.source else ''}"
        note = " (clipped to the turn where the selection starts)" if clipped else ""
        self.said(f"coded {where} with {names}{note}" if made else f"{where} was already coded with {names}")
        if made:
            self.codings_changed([span])
        return True

    def action_theme(self, n: int) -> None:
        theme = self.quick.themes.get(n)
        if theme is not None:
            self.apply_themes([theme.id])
        else:
            self.app.warn(f"{n} codes with no theme; in the codebook panel press K on a theme, "  # type: ignore[attr-defined]
                          f"then {n}")

    def action_pick(self) -> None:
        self._not_typing()
        span = self.passage()
        if span is None:
            return

        def chosen(ids: list[int] | None) -> None:
            if ids:
                self.apply_themes(ids, span)

        self._dialog(ThemePicker(self.themes), chosen)

    def excerpts_here(self) -> list[tuple[Excerpt, list[Coding]]]:
        span = self.view.selected_span()
        if span is not None:
            clipped = clip_to_turn(self.view.source_text, self.turns, *span)
            exact = [(e, c) for e, c in self.excerpts if (e.start, e.end) in (span, clipped) and c]
            if exact:
                return exact
        return self.excerpts_over(self.view.cursor_offset)

    def action_uncode(self) -> None:
        self._not_typing()
        found = self.excerpts_here()
        codings = [c for _e, cs in found for c in cs]
        if not codings:
            self.app.warn("no coding here to remove; put the cursor on a coded passage")  # type: ignore[attr-defined]
            return
        by_theme: dict[int, list[int]] = {}
        for c in codings:
            by_theme.setdefault(c.theme_id, []).append(c.id)
        where = {c.id: (e.start, e.end) for e, cs in found for c in cs}

        def chosen(ids: list[int] | None) -> None:
            if not ids:
                return
            gone = [cid for tid in ids for cid in by_theme.get(tid, [])]
            app = self.app
            if app.write(lambda p: p.uncode(gone, app.coder)) is None:  # type: ignore[attr-defined]
                return
            spans = sorted({where[c] for c in gone})
            payload = [{"source": self.source_id, "start": where[c][0], "end": where[c][1],
                        "theme": next(t for t, cs in by_theme.items() if c in cs)} for c in gone]
            self.said(app.read(lambda p: p.describe_change("uncode", payload)) or "removed")  # type: ignore[attr-defined]
            self.codings_changed(spans)

        if len(by_theme) == 1:
            chosen(list(by_theme))
        else:
            here = [t for t in self.themes if t.id in by_theme]
            self._dialog(ThemePicker(here, "Remove codings"), chosen)

    def action_memo(self) -> None:
        self._not_typing()
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
        self._dialog(TextInputDialog(question), written)

    def action_undo(self) -> None:
        self._not_typing()
        done = self.app.write(lambda p: p.undo(self.app.coder, self.source_id))  # type: ignore[attr-defined]
        self._after_history(done, "undid", "nothing to undo in this transcript")

    def action_redo(self) -> None:
        self._not_typing()
        done = self.app.write(lambda p: p.redo(self.app.coder, self.source_id))  # type: ignore[attr-defined]
        self._after_history(done, "redid", "nothing to redo in this transcript")

    def _after_history(self, done: dict | None, verb: str, nothing: str) -> None:
        if not done:
            self.said(f"{nothing} (the whole-project undo is in the command palette, ctrl+p)")
            return
        self.said(f"{verb}: {done['description']}")
        spans = sorted({(p["start"], p["end"]) for p in done["payload"]})
        self.codings_changed(spans)
        self.view.select_span(*spans[0])

    def action_reload(self) -> None:
        self.refresh_codings()
        self.app.notify("refreshed from the project file", markup=False, timeout=2)

    # -- find in the transcript -------------------------------------------------------
    def action_find(self) -> None:
        self._not_typing()
        find = self.query_one("#find", FindBar)
        find.add_class("-open")
        self.set_focus(find)

    def action_find_step(self, direction: int) -> None:
        self.find_step(self.query_one("#find", FindBar).value, direction)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.find_step(event.words, event.direction)

    def find_step(self, words: str, direction: int) -> None:
        """Select the next (1) or previous (-1) match, ignoring case and
        accents as project search does; wraps at either end."""
        import re

        from vos_coder.core.text import fold, fold_with_map

        parts = fold(words).split()
        if not parts or not self.loaded:
            return
        if self._folded is None:  # folded once per transcript, on the first find
            self._folded = fold_with_map(self.view.source_text)
        folded, where = self._folded
        pattern = re.compile(r"\W+".join(re.escape(w) for w in parts))
        hits = [(where[m.start()], where[m.end() - 1] + 1) for m in pattern.finditer(folded) if m.end() > m.start()]
        if not hits:
            self.app.warn(f"not found in this transcript: {words}")  # type: ignore[attr-defined]
            return
        span = self.view.selected_span()
        here = span[0] if span else self.view.cursor_offset
        wrapped = ""
        if direction > 0:
            later = [h for h in hits if h[0] > here or (span is None and h[0] == here)]
            hit = later[0] if later else hits[0]
            wrapped = "" if later else " (wrapped to the top)"
        else:
            earlier = [h for h in hits if h[0] < here]
            hit = earlier[-1] if earlier else hits[-1]
            wrapped = "" if earlier else " (wrapped to the bottom)"
        self.view.select_span(*hit)
        self._last_change = f"match {hits.index(hit) + 1} of {len(hits)}{wrapped}"
        self.update_status()
