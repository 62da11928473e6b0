"""The transcript: read-only text with coded spans highlighted and a margin
that names the themes on each line.

Screens use only this interface: ``show(text, spans, legend, turns)``,
``set_spans(spans)``, ``selected_span()``, ``select_span(start, end)``,
``cursor_offset`` and the ``SpanSelected`` message. Behind it is a
``TextArea`` subclass (measured in benchmarks/bench_tui.py); a line-API widget
could replace it without touching the screens.

Private TextArea API used (textual 8.2.x, pinned <8.3): ``_build_highlight_map``,
``_highlights`` (UTF-8 *byte* columns), ``_line_cache``, ``_render_line``,
``_set_document`` (to build a faster WrappedDocument, whose private fields
``_wrap_offsets``, ``_offset_to_line_info``, ``_line_index_to_offsets`` and
``_tab_width_cache`` it fills exactly as Textual's ``wrap`` does; a test
compares the two on mixed text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual._cells import cell_len
from textual._wrap import compute_wrap_offsets
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea, _text_area
from textual.widgets.text_area import Selection, TextAreaTheme

from vos_coder.core.model import Turn
from vos_coder.core.palette import stripes
from vos_coder.core.spans import partition, pieces_by_row
from vos_coder.core.text import LineIndex
from vos_coder.tui.widgets import margin_labels

# Characters str.splitlines() breaks on besides "\n": shown as spaces so that
# TextArea rows stay the rows of LineIndex (same length, so offsets hold).
_EXTRA_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _fast_offsets(line: str, width: int) -> list[int] | None:
    """``compute_wrap_offsets`` for a line whose only whitespace is the plain
    space and whose characters are each one cell wide; None when the line
    needs Textual's own function (a word folded, a run of spaces across the
    edge, leading spaces). Textual's rule: a chunk is a word with the spaces
    after it; a row takes chunks while they fit; the break is at the start of
    the first chunk that does not, so at the last word start within width."""
    n = len(line)
    if n <= width:
        return []
    if line[0] == " ":
        return None
    breaks: list[int] = []
    p = 0
    while n - p > width:
        s = line.rfind(" ", p, p + width)  # the last space that leaves the next word in reach
        j = s + 1
        if s < p or line[j] == " ":
            return None
        breaks.append(j)
        p = j
    return breaks


_PLAIN = re.compile(r"[^\S ]").search  # any whitespace but the plain space


class _FastWrap(WrappedDocument):
    """WrappedDocument for a long read-only transcript.

    - ``wrap`` takes a fast path for the usual line (no tab, one cell per
      character) and Textual's own code for any other line, so the offsets
      are the same; a 600,000-character transcript wraps several times faster.
    - ``height`` is cached until the next wrap (Textual sums every line's
      wraps on each call, and TextArea asks once per rendered row)."""

    _height: int | None = None
    _wrapped_at: tuple[int, int] | None = None  # (width, tab width) of a wrap not yet asked for again

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        if self._wrapped_at is not None:
            # Built at the widget's width: TextArea's wrap right after is the same work.
            done, self._wrapped_at = self._wrapped_at, None
            if done == (width, tab_width or self._tab_width):
                return
        self._height = None
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        tab = self._tab_width
        if not width:  # not wrapped (before the first layout): one row per line
            lines = self.document.lines
            self._wrap_offsets = [[] for _ in lines]
            self._offset_to_line_info = [(i, 0) for i in range(len(lines))]
            self._line_index_to_offsets = [[i] for i in range(len(lines))]
            self._tab_width_cache = [[w for _, w in get_tab_widths(line, tab)] if "\t" in line
                                     else ([0] if line else []) for line in lines]
            return
        wrap_offsets: list[list[int]] = []
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        y = 0
        for index, line in enumerate(self.document.lines):
            offsets: list[int] | None = []
            widths: list[int] = [0] if line else []  # as get_tab_widths gives, without tabs
            simple = _PLAIN(line) is None and (line.isascii() or cell_len(line) == len(line))
            if width and simple:
                offsets = _fast_offsets(line, width)
            if offsets is None or not simple:
                sections = get_tab_widths(line, tab)
                widths = [w for _, w in sections]
                offsets = compute_wrap_offsets(line, width, tab_size=tab,
                                               precomputed_tab_sections=sections) if width else []
            wrap_offsets.append(offsets)
            tab_widths.append(widths)
            count = len(offsets) + 1
            line_info.extend((index, section) for section in range(count))
            line_offsets.append(list(range(y, y + count)))
            y += count
        self._wrap_offsets = wrap_offsets
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets
        self._tab_width_cache = tab_widths

    def wrap_range(self, *args, **kwargs) -> None:  # type: ignore[override]
        self._height = None
        super().wrap_range(*args, **kwargs)

    @property
    def height(self) -> int:
        if self._height is None:
            self._height = len(self._offset_to_line_info)
        return self._height


@dataclass(frozen=True)
class Legend:
    """How one theme looks: its label in the margin and its colour."""

    label: str
    colour: str


class TranscriptView(TextArea):
    """A read-only transcript with coding highlights and a theme margin."""

    DEFAULT_CSS = """
    TranscriptView { border: none; padding: 0; overflow-y: scroll; }
    TranscriptView .text-area--gutter { color: $text-muted; }
    """

    @dataclass
    class SpanSelected(Message):
        """The selection or cursor moved; offsets are code points into the text."""

        start: int
        end: int
        view: TranscriptView

        @property
        def control(self) -> TranscriptView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TranscriptView.SpanSelected)

    def __init__(self, *, margin_width: int = 18, id: str | None = None) -> None:
        self.margin_width = margin_width
        self._index = LineIndex.of("")
        self._legend: dict[object, Legend] = {}
        self._spans_by_row: dict[int, list[tuple[int, int, str]]] = {}
        self._parts_by_row: dict[int, list[tuple[int, int, tuple]]] = {}  # for the margin
        self._margin_cache: dict[int, tuple[tuple[int, ...], list[list[object]]]] = {}
        self.wide_labels = False
        self._wide_need = 0
        self._speaker_rows: dict[int, int] = {}
        self._shown_text = ""
        super().__init__("", read_only=True, soft_wrap=True, show_line_numbers=True,
                         highlight_cursor_line=False, id=id)

    # -- the interface screens use ------------------------------------------------
    def show(self, text: str, spans: Sequence[tuple[int, int, object]],
             legend: Mapping[object, Legend], turns: Sequence[Turn] = ()) -> None:
        """Load a whole source with its codings (themes keyed as in ``legend``)."""
        self._index = LineIndex.of(text)
        self._speaker_rows = {}
        for t in turns:
            row, col = self._index.location(t.start)
            line = self._index.line(row)
            label = f"{t.speaker}:"
            if col == 0 and line.startswith(label):
                self._speaker_rows[row] = len(label)
        self._prepare(spans, legend)
        self._shown_text = _EXTRA_BREAKS.sub(" ", text)
        self.load_text(self._shown_text)

    def set_spans(self, spans: Sequence[tuple[int, int, object]],
                  legend: Mapping[object, Legend]) -> None:
        """Replace the codings shown, keeping text, wrapping, cursor and scroll."""
        self._prepare(spans, legend)
        self._build_highlight_map()
        self.refresh()

    def set_legend(self, legend: Mapping[object, Legend]) -> None:
        """New colours or labels for the same codings: only the styles change
        (highlights name themes, not colours), and the rows on screen are redrawn."""
        self._legend = dict(legend)
        self._register_styles()
        self._line_cache.clear()
        self.refresh()

    def update_spans(self, spans: Sequence[tuple[int, int, object]],
                     changed: Sequence[tuple[int, int]]) -> None:
        """After a coding: ``spans`` are all codings now, ``changed`` the
        stretches a coding action touched. Only the rows those stretches
        cover are worked out again and redrawn (same themes as before)."""
        rows: set[int] = set()
        for a, b in changed:
            r0, r1 = self._index.location(a)[0], self._index.location(b)[0]
            rows.update(range(r0, r1 + 1))
        if not rows:
            return
        lo = self._index.offset(min(rows), 0)
        top = max(rows)
        hi = self._index.offset(top, len(self._index.line(top)))
        near = [(a, b, k) for a, b, k in spans if a <= hi and b >= lo]
        by_row = pieces_by_row(partition(near), self._index)
        lines = self.document.lines
        for row in rows:
            self._spans_by_row[row] = self._named(row, by_row.get(row, []))
            self._margin_cache.pop(row, None)
            if by_row.get(row):
                self._parts_by_row[row] = by_row[row]
            else:
                self._parts_by_row.pop(row, None)
            if row < len(lines):
                self._highlights[row] = self._row_highlights(row, lines[row])
        self._line_cache.clear()
        self.refresh()

    def selected_span(self) -> tuple[int, int] | None:
        """(start, end) of the selection in code points, or None when empty."""
        start, end = sorted(self.selection)
        if start == end:
            return None
        return self._index.offset(*start), self._index.offset(*end)

    def select_span(self, start: int, end: int) -> None:
        """Select ``start:end`` (the cursor goes to ``end``) and scroll to it:
        not at all when it is on screen, to the middle when it is not (a
        scroll redraws every row; a coding key should not cause one)."""
        selection = Selection(self._index.location(start), self._index.location(end))
        if selection != self.selection:
            self.selection = selection
        _x, y = self.wrapped_document.location_to_offset(selection.end)
        top = self.scroll_offset.y
        if not top <= y < top + self.scrollable_content_region.height:
            self.scroll_cursor_visible(center=True)

    def steady_cursor(self) -> None:
        """Show the cursor and restart its blink, as any key the transcript
        itself handles does. Coding keys are bindings the transcript never
        sees; without this the blink went on, and a blink drawn right after
        the answer to a key made the screen change twice for one key."""
        self._restart_blink()

    @property
    def cursor_offset(self) -> int:
        return self._index.offset(*self.cursor_location)

    def offset_location(self, offset: int) -> tuple[int, int]:
        return self._index.location(offset)

    @property
    def source_text(self) -> str:
        return self._index.text

    # -- internals ----------------------------------------------------------------
    def _named(self, row: int, parts: list[tuple[int, int, tuple]]) -> list[tuple[int, int, str]]:
        """Row pieces as highlights: one theme's piece in its colour ("t:KEY");
        a piece with several themes in bold, its words taking the themes'
        colours in turn ("o:KEY"), so it is never marked in one colour."""
        out: list[tuple[int, int, str]] = []
        for a, b, keys in parts:
            if len(keys) == 1:
                out.append((a, b, f"t:{keys[0]}"))
            else:
                line = self._index.line(row)
                out.extend((x, y, f"o:{keys[i]}") for x, y, i in stripes(line, a, b, len(keys)))
        return out

    def _prepare(self, spans: Sequence[tuple[int, int, object]], legend: Mapping[object, Legend]) -> None:
        self._legend = dict(legend)
        by_row = pieces_by_row(partition(spans), self._index)
        self._parts_by_row = dict(by_row)
        self._margin_cache = {}
        if self.wide_labels:
            self._wide_need = self._label_need()
        self._spans_by_row = {row: self._named(row, parts) for row, parts in by_row.items()}
        self._register_styles()

    def _register_styles(self) -> None:
        # Every theme's two styles (alone, overlapping) exist from the start, so
        # a later coding never needs the theme registered again.
        styles: dict[str, Style] = {"speaker": Style(bold=True)}
        for key, legend_ in self._legend.items():
            styles[f"t:{key}"] = Style(color=legend_.colour, underline=True)
            styles[f"o:{key}"] = Style(color=legend_.colour, underline=True, bold=True)
        self.register_theme(TextAreaTheme("vos-coding", syntax_styles=styles))
        self.theme = "vos-coding"

    def _row_highlights(self, row: int, line: str) -> list[tuple[int, int, str]]:
        out = []
        width = self._speaker_rows.get(row)
        if width:
            out.append((0, len(line[:width].encode("utf-8")), "speaker"))
        for c0, c1, name in self._spans_by_row.get(row, ()):  # TextArea wants UTF-8 byte columns
            out.append((len(line[:c0].encode("utf-8")), len(line[:c1].encode("utf-8")), name))
        return out

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()  # clears _line_cache and _highlights
        highlights = self._highlights
        lines = self.document.lines
        for row in set(self._speaker_rows) | set(self._spans_by_row):
            if row < len(lines):
                highlights[row] = self._row_highlights(row, lines[row])

    @property  # type: ignore[override]
    def text(self) -> str:
        """The text shown. TextArea's own property joins every line on each
        call, and render_line calls it once per row: keep the loaded string."""
        return self._shown_text

    @text.setter
    def text(self, value: str) -> None:
        self._shown_text = value
        self.load_text(value)

    def _set_document(self, text: str, language: str | None) -> None:
        """TextArea builds its WrappedDocument here (unwrapped, then wraps it
        again at the widget's width): build ours, wrapped once at that width."""
        width = self.wrap_width

        def at_width(document, tab_width: int = 4) -> _FastWrap:
            wrapped = _FastWrap(document, width, tab_width)
            wrapped._wrapped_at = (width, tab_width)
            return wrapped

        saved = _text_area.WrappedDocument
        _text_area.WrappedDocument = at_width  # type: ignore[misc,assignment]
        try:
            super()._set_document(text, language)
        finally:
            _text_area.WrappedDocument = saved  # type: ignore[misc]

    @property
    def gutter_width(self) -> int:
        if not self.show_line_numbers:
            return 0
        if self.wide_labels:  # whole theme names, in up to half the view
            return max(self.margin_width, min(self._wide_need, self.size.width // 2))
        return self.margin_width

    def _label_need(self) -> int:
        """Cells the wide margin needs: the longest name; on a line short
        enough for one row, every name of the line side by side."""
        def width(keys) -> int:
            return sum(len(self._legend[k].label) + 1 if k in self._legend else 2 for k in keys) + 1

        need = max((len(lg.label) + 3 for lg in self._legend.values()), default=0)
        short = max(self.size.width // 2, 20)
        for row, parts in self._parts_by_row.items():
            if len(self._index.line(row)) <= short:
                need = max(need, width({k: None for _a, _b, keys in parts for k in keys}))
        return need

    def toggle_wide_labels(self) -> None:
        """Whole theme names in the margin, or the narrow margin again."""
        self.wide_labels = not self.wide_labels
        self._wide_need = self._label_need()
        self._rewrap_and_refresh_virtual_size()
        self._line_cache.clear()
        self.refresh()
        self.scroll_cursor_visible()

    def _margin(self, row: int, section: int, width: int) -> list[Segment]:
        """The margin of one screen row: the themes named beside it
        (tui/widgets/margin_labels.py), laid out once per line and width."""
        parts = self._parts_by_row.get(row)
        if not parts:
            return [Segment(" " * width, Style())]
        offsets = tuple(self.wrapped_document.get_offsets(row))
        cached = self._margin_cache.get(row)
        if cached is None or cached[0] != offsets:
            cached = (offsets, margin_labels.place(margin_labels.spans_of(parts, offsets), len(offsets) + 1))
            self._margin_cache[row] = cached
        slots = cached[1]
        keys = slots[section] if section < len(slots) else []

        def legend(key: object) -> tuple[str, str]:
            lg = self._legend.get(key, Legend("?", "#888888"))
            return lg.label, lg.colour

        return margin_labels.render(keys, legend, width)

    def _render_line(self, y: int) -> Strip:
        strip = super()._render_line(y)
        width = self.gutter_width
        if not width:
            return strip
        info = None
        y_offset = y + self.scroll_offset.y
        table = self.wrapped_document._offset_to_line_info
        if 0 <= y_offset < len(table):
            info = table[y_offset]
        margin = [Segment(" " * width, Style())]
        if info is not None:
            margin = self._margin(*info, width)
        return Strip.join([Strip(margin, width), strip.crop(width)])

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        super()._watch_selection(previous_selection, selection)
        start, end = sorted(selection)
        self.post_message(self.SpanSelected(self._index.offset(*start), self._index.offset(*end), self))
