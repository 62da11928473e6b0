"""The memos panel: memos on what is in view (the excerpt, theme, source,
participant and the project), with author and time; add, edit, delete."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from vos_coder.core.controls import pictured
from vos_coder.core.model import Memo
from vos_coder.core.text import squash
from vos_coder.tui.dialogs import ConfirmDialog, MemoDraft, MemoEditor, MemoTarget


class MemosScreen(Screen[None]):
    """Memos on the things in view, or (A) every memo of the project."""

    HELP = """Memos on what was in view when you opened this panel: the passage, theme,
source, participant and the project. a adds, e edits, d deletes, A shows every memo."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add memo", id="memos-add", tooltip="Write a memo on something in view."),
        Binding("e", "edit", "Edit", id="memos-edit", tooltip="Change the highlighted memo."),
        Binding("d", "delete", "Delete", id="memos-delete", tooltip="Delete the highlighted memo (asks first)."),
        Binding("A", "toggle_all", "All memos", id="memos-all",
                tooltip="Switch between memos on what is in view and every memo of the project."),
        Binding("escape", "back", "Back", id="memos-back", tooltip="Back to the previous screen."),
    ]
    show_all: reactive[bool] = reactive(False, init=False)

    def __init__(self, targets: list[MemoTarget]) -> None:
        super().__init__()
        self.targets = targets or [MemoTarget("project", None, "project")]
        self.shown: dict[int, Memo] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="memos-scope", classes="title", markup=False)
        yield DataTable(id="memos", cursor_type="row", zebra_stripes=True)
        yield Static("", id="memo-full", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#memos", DataTable)
        for label in ("On", "Author", "When", "Memo"):
            table.add_column(label, key=label.lower())
        self.reload()
        table.focus()

    def watch_show_all(self) -> None:
        self.reload()

    def reload(self) -> None:
        app = self.app
        if self.show_all:
            memos = app.read(lambda p: p.memo_list())  # type: ignore[attr-defined]
            scope = "Every memo of the project"
        else:
            memos = app.read(lambda p: p.memos_on((t.kind, t.id) for t in self.targets))  # type: ignore[attr-defined]
            scope = "Memos on: " + " · ".join(t.label for t in self.targets)
        memos = memos or []
        self.query_one("#memos-scope", Static).update(pictured(f"{scope} ({len(memos)})"))
        table = self.query_one("#memos", DataTable)
        keep = table.cursor_row
        table.clear()
        self.shown = {m.id: m for m in memos}
        for m in memos:
            when = (m.updated_at or m.created_at)[:16].replace("T", " ")
            table.add_row(Text(pictured(m.target)), Text(pictured(m.author)), Text(when),
                          Text(pictured(squash(m.text))), key=str(m.id))
        if memos:
            table.move_cursor(row=min(keep, len(memos) - 1))
        self._show_full()

    def current(self) -> Memo | None:
        table = self.query_one("#memos", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.shown.get(int(key.value))

    @on(DataTable.RowHighlighted, "#memos")
    def _show_full(self) -> None:
        m = self.current()
        text = "No memos yet: press a to write one." if m is None else (
            f"{m.target} — {m.author}, {m.created_at[:16].replace('T', ' ')}"
            + (f" (edited {m.updated_at[:16].replace('T', ' ')})" if m.updated_at and m.updated_at != m.created_at else "")
            + f"\n{m.text}")
        self.query_one("#memo-full", Static).update(pictured(text))

    def action_add(self) -> None:
        def written(draft: MemoDraft | None) -> None:
            if draft is None:
                return
            t = draft.target
            app = self.app
            if app.write(lambda p: p.add_memo(t.kind, t.id, draft.text, app.coder),  # type: ignore[attr-defined]
                         f"memo saved on {t.label}") is not None:
                self.reload()

        self.app.push_screen(MemoEditor(self.targets, title="New memo on:"), written)

    def action_edit(self) -> None:
        m = self.current()
        if m is None:
            self.app.warn("no memo to edit here; press a to write one")  # type: ignore[attr-defined]
            return

        def written(draft: MemoDraft | None) -> None:
            app = self.app
            if draft is not None and app.write(lambda p: p.edit_memo(m.id, draft.text, app.coder),  # type: ignore[attr-defined]
                                               "memo changed") is not None:
                self.reload()

        target = MemoTarget(m.target_kind, m.target_id, m.target)
        self.app.push_screen(MemoEditor([target], m.text, f"Edit the memo on {m.target}"), written)

    def action_delete(self) -> None:
        m = self.current()
        if m is None:
            return

        def answered(yes: bool | None) -> None:
            app = self.app
            if yes and app.write(lambda p: p.delete_memo(m.id, app.coder), "memo deleted") is not None:  # type: ignore[attr-defined]
                self.reload()

        self.app.push_screen(ConfirmDialog(f"Delete the memo on {m.target}? “{squash(m.text)[:60]}”"),
                             answered)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def action_back(self) -> None:
        self.app.pop_screen()
