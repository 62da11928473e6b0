"""The transcript: read-only text with coded spans highlighted and a margin
that names the themes on each line.

Screens use only this interface: ``show(text, spans, legend, turns)``,
``set_spans(spans)``, ``selected_span()``, ``select_span(start, end)``,
``cursor_offset`` and the ``SpanSelected`` message. Behind it is a
``TextArea`` subclass (measured in benchmarks/bench_tui.py); a line-API widget
could replace it without touching the screens.

Private TextArea API used (textual 8.2.x, pinned <8.3): ``_build_highlight_map``,
``_highlights`` (UTF-8 *byte* columns), ``_line_cache``, ``_render_line`` and
``wrapped_document._offset_to_line_info``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.document._wrapped_document import WrappedDocument
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Selection, TextAreaTheme

from vos_coder.core.model import Turn
from vos_coder.core.spans import keys_by_row, partition, pieces_by_row
from vos_coder.core.text import LineIndex

# Characters str.splitlines() breaks on besides "\n": shown as spaces so that
# TextArea rows stay the rows of LineIndex (same length, so offsets hold).
_EXTRA_BREAKS = str.maketrans({c: " " for c in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


class _CachedHeight(WrappedDocument):
    """WrappedDocument.height sums every line's wraps on each call, and
    TextArea asks for it once per rendered row: O(document) per row. Cache it
    until the next wrap (the transcript is read-only)."""

    _height: int | None = None

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._height = None
        super().wrap(width, tab_width)

    def wrap_range(self, *args, **kwargs) -> None:  # type: ignore[override]
        self._height = None
        super().wrap_range(*args, **kwargs)

    @property
    def height(self) -> int:
        if self._height is None:
            self._height = sum(len(offsets) + 1 for offsets in self._wrap_offsets)
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
        self._row_keys: dict[int, tuple] = {}
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
        self._shown_text = text.translate(_EXTRA_BREAKS)
        self.load_text(self._shown_text)
        self.wrapped_document.__class__ = _CachedHeight
        self.wrapped_document._height = None

    def set_spans(self, spans: Sequence[tuple[int, int, object]],
                  legend: Mapping[object, Legend]) -> None:
        """Replace the codings shown, keeping text, wrapping, cursor and scroll."""
        self._prepare(spans, legend)
        self._build_highlight_map()
        self.refresh()

    def selected_span(self) -> tuple[int, int] | None:
        """(start, end) of the selection in code points, or None when empty."""
        start, end = sorted(self.selection)
        if start == end:
            return None
        return self._index.offset(*start), self._index.offset(*end)

    def select_span(self, start: int, end: int) -> None:
        """Select ``start:end`` (the cursor goes to ``end``) and scroll to it."""
        self.selection = Selection(self._index.location(start), self._index.location(end))
        self.scroll_cursor_visible(center=True)

    @property
    def cursor_offset(self) -> int:
        return self._index.offset(*self.cursor_location)

    def offset_location(self, offset: int) -> tuple[int, int]:
        return self._index.location(offset)

    @property
    def source_text(self) -> str:
        return self._index.text

    # -- internals ----------------------------------------------------------------
    def _prepare(self, spans: Sequence[tuple[int, int, object]], legend: Mapping[object, Legend]) -> None:
        self._legend = dict(legend)
        pieces = partition(spans)
        by_row = pieces_by_row(pieces, self._index)
        self._row_keys = keys_by_row(pieces, self._index)
        styles: dict[str, Style] = {"speaker": Style(bold=True)}
        named: dict[int, list[tuple[int, int, str]]] = {}
        for row, parts in by_row.items():
            out = named.setdefault(row, [])
            for a, b, keys in parts:
                first = self._legend.get(keys[0], Legend("?", "#888888"))
                name = ("o:" if len(keys) > 1 else "t:") + str(keys[0])
                if name not in styles:
                    styles[name] = (Style(color=first.colour, underline=True, bold=True, italic=True)
                                    if len(keys) > 1 else Style(color=first.colour, underline=True))
                out.append((a, b, name))
        self._spans_by_row = named
        self.register_theme(TextAreaTheme("vos-coding", syntax_styles=styles))
        self.theme = "vos-coding"

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()  # clears _line_cache and _highlights
        highlights = self._highlights
        lines = self.document.lines
        for row, width in self._speaker_rows.items():
            if row < len(lines):
                highlights[row].append((0, len(lines[row][:width].encode("utf-8")), "speaker"))
        for row, spans in self._spans_by_row.items():
            if row >= len(lines):
                continue
            line = lines[row]
            for c0, c1, name in spans:  # TextArea wants UTF-8 byte columns
                highlights[row].append((len(line[:c0].encode("utf-8")),
                                        len(line[:c1].encode("utf-8")), name))

    @property  # type: ignore[override]
    def text(self) -> str:
        """The text shown. TextArea's own property joins every line on each
        call, and render_line calls it once per row: keep the loaded string."""
        return self._shown_text

    @text.setter
    def text(self, value: str) -> None:
        self._shown_text = value
        self.load_text(value)

    @property
    def gutter_width(self) -> int:
        return self.margin_width if self.show_line_numbers else 0

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
            row, section = info
            keys = self._row_keys.get(row, ())
            sections = len(self.wrapped_document.get_offsets(row)) + 1
            if section < len(keys):
                legend = self._legend.get(keys[section], Legend("?", "#888888"))
                label = legend.label
                if section == sections - 1 and len(keys) > sections:
                    label = f"+{len(keys) - section} more"
                text = label[: width - 3]
                margin = [Segment("▌", Style(color=legend.colour)),
                          Segment(f"{text:<{width - 2}} ", Style(color=legend.colour))]
        return Strip.join([Strip(margin, width), strip.crop(width)])

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        super()._watch_selection(previous_selection, selection)
        start, end = sorted(selection)
        self.post_message(self.SpanSelected(self._index.offset(*start), self._index.offset(*end), self))
