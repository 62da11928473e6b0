"""The theme browser: every excerpt of a theme across participants, with its
quote number, status and context; approve, exclude or give a display text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from vos_coder.core.context import context_around
from vos_coder.core.controls import pictured
from vos_coder.core.filters import Filter
from vos_coder.core.model import Passage
from vos_coder.core.text import squash
from vos_coder.tui.dialogs import TextInputDialog
from vos_coder.tui.messages import OpenSource
from vos_coder.tui.widgets import FilterBar

MARK = "✓ "


class ThemeBrowser(Screen[None]):
    """Pick a theme on the left; its quotes on the right."""

    HELP = """Quotes of a theme across participants. a approves, x excludes, c makes a
candidate again, e edits the display text ([…] omissions and [added words] only).
In the theme list space marks several themes; E exports the quotes of the marked themes
(or the highlighted one). f filters by participant, group, attribute, coder or quote status."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "status('approved')", "Approve", id="quote-approve",
                tooltip="Approve the highlighted quote for reports."),
        Binding("x", "status('excluded')", "Exclude", id="quote-exclude",
                tooltip="Exclude the highlighted quote from reports."),
        Binding("c", "status('candidate')", "Candidate", id="quote-candidate", show=False,
                tooltip="Make the highlighted quote a candidate again."),
        Binding("e", "display_text", "Display text", id="quote-display",
                tooltip="Set the text a report prints (checked against the source)."),
        Binding("o", "open", "Open source", id="quote-open",
                tooltip="Open the quote's source at the passage."),
        Binding("E", "export", "Export", id="quote-export",
                tooltip="Export the quotes of the marked themes (or the highlighted one): docx, md, html, csv, json."),
        Binding("space", "mark", "Mark theme", id="theme-mark", show=False,
                tooltip="In the theme list: mark or unmark a theme for export."),
        Binding("f", "filter", "Filter", id="browser-filter",
                tooltip="Only some participants, a group, an attribute, a coder or a quote status."),

        Binding("escape", "back", "Back", id="browser-back", tooltip="Back to the previous screen."),
    ]

    def __init__(self, theme_id: int | None = None) -> None:
        super().__init__()
        self.theme_id = theme_id
        self.passages: dict[int, Passage] = {}
        self.marked: set[int] = set()
        self.filter = Filter()
        self.names: dict[int, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="browser-filter")
        with Horizontal():
            yield OptionList(id="browser-themes")
            with Vertical():
                yield DataTable(id="quotes", cursor_type="row", zebra_stripes=True)
                yield Static("", id="browser-context", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quotes", DataTable)
        for label in ("Quote", "Participant", "Status", "Text", "Themes"):
            table.add_column(label, key=label.lower())
        themes = self.app.project.themes()  # type: ignore[attr-defined]
        self.names = {t.id: (t.name, t.depth) for t in themes}
        options = self.query_one("#browser-themes", OptionList)
        options.add_options([Option(self._label(t.id), id=str(t.id)) for t in themes])
        if themes:
            wanted = self.theme_id or themes[0].id
            index = next((i for i, t in enumerate(themes) if t.id == wanted), 0)
            options.highlighted = index
            self.show_theme(themes[index].id)
        table.focus()

    @on(OptionList.OptionHighlighted, "#browser-themes")
    def _theme_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_theme(int(event.option.id))

    def _label(self, theme_id: int) -> Text:
        name, depth = self.names[theme_id]
        return Text(("✓ " if theme_id in self.marked else "  ") + "  " * depth + pictured(name))

    def on_resize(self) -> None:
        self.query_one("#browser-themes").styles.width = 40 if self.size.width >= 110 else 24

    def show_theme(self, theme_id: int) -> None:
        self.theme_id = theme_id
        f = self.filter
        found = self.app.read(lambda p: p.filtered_passages(f, [theme_id]))  # type: ignore[attr-defined]
        table = self.query_one("#quotes", DataTable)
        keep = table.cursor_row
        table.clear()
        self.passages = {q.excerpt_id: q for q in found or []}
        for q in found or []:
            text = q.display_text or q.text
            table.add_row(Text(pictured(q.quote_id)), Text(pictured(q.participant)), Text(q.quote_status),
                          Text(pictured(squash(text)[:80])),
                          Text(pictured(", ".join(t.rsplit("/", 1)[-1] for t in q.themes)[:30])),
                          key=str(q.excerpt_id))
        if found:
            table.move_cursor(row=min(keep, len(found) - 1))
        self._show_context()

    def current(self) -> Passage | None:
        table = self.query_one("#quotes", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.passages.get(int(key.value))

    @on(DataTable.RowHighlighted, "#quotes")
    def _show_context(self) -> None:
        q = self.current()
        if q is None:
            self.query_one("#browser-context", Static).update("no coded excerpts for this theme")
            return
        text = self.app.read(lambda p: p.source_text(q.source_id)) or ""  # type: ignore[attr-defined]
        before, found, after = context_around(text, q.start, q.end, 120)
        shown = Text()
        shown.append(f"{q.quote_id} ({q.participant}, {q.source_title}) {q.quote_status}\n", style="bold")
        shown.append(before, style="dim")
        shown.append(found, style="bold")
        shown.append(after, style="dim")
        if q.display_text:
            shown.append("\ndisplay: " + q.display_text, style="italic")
        self.query_one("#browser-context", Static).update(Text(pictured(shown.plain), spans=shown.spans))

    def memo_targets(self) -> list:
        """The highlighted quote's excerpt, the theme, the source and participant."""
        from vos_coder.tui.memo_context import excerpt_target, source_targets, theme_target

        p = self.app.project  # type: ignore[attr-defined]
        out = []
        q = self.current()
        if q is not None:
            out.append(excerpt_target(q.excerpt_id, q.participant, q.start, q.end))
        if self.theme_id:
            out.append(theme_target(p.theme(self.theme_id)))
        return out + (source_targets(p, q.source_id) if q is not None else [])

    def action_status(self, status: str) -> None:
        q = self.current()
        if q is None:
            return
        if self.app.write(lambda p: p.set_quote_status(q.excerpt_id, status, by="excerpt"),  # type: ignore[attr-defined]
                          f"{q.quote_id} {status}") is not None:
            self.show_theme(self.theme_id or 0)

    def action_display_text(self) -> None:
        q = self.current()
        if q is None:
            return

        def answered(text: str | None) -> None:
            if text is not None and self.app.write(  # type: ignore[attr-defined]
                    lambda p: p.set_display_text(q.excerpt_id, text, by="excerpt"),
                    f"{q.quote_id}: display text saved"):
                self.show_theme(self.theme_id or 0)

        self.app.push_screen(TextInputDialog(f"Display text of {q.quote_id} (empty clears it):",
                                             q.display_text or q.text), answered)

    def action_open(self) -> None:
        q = self.current()
        if q is not None:
            self.app.post_message(OpenSource(q.source_id, q.start, q.end))

    @on(DataTable.RowSelected, "#quotes")
    def _selected(self) -> None:
        self.action_open()

    def action_mark(self) -> None:
        options = self.query_one("#browser-themes", OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        tid = int(option.id or 0)
        self.marked ^= {tid}
        options.replace_option_prompt_at_index(options.highlighted, self._label(tid))

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter = event.filter
        self.show_theme(self.theme_id or 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":  # space marks a theme only in the theme list
            return isinstance(self.focused, OptionList)
        return True

    def action_export(self) -> None:
        from pathlib import Path

        from vos_coder.tui.dialogs.export_quotes import ExportQuotesDialog

        ids = [tid for tid in self.names if tid in self.marked] or ([self.theme_id] if self.theme_id else [])
        if not ids:
            return
        folder = Path(self.app.project.path).resolve().parent  # type: ignore[attr-defined]
        self.app.push_screen(ExportQuotesDialog([(i, self.names[i][0]) for i in ids], folder))

    def action_back(self) -> None:
        self.app.pop_screen()
