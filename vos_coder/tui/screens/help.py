"""The help screen: every key of the screen beneath, with what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

#: TextArea actions that change text: they do nothing in a read-only transcript.
EDITING = {"delete_left", "delete_word_left", "delete_right", "delete_word_right", "cut", "paste",
           "delete_to_start_of_line", "delete_to_end_of_line_or_delete_line", "delete_line",
           "delete_to_end_of_line", "toggle_overwrite"}


def applies(node: object, action: str) -> bool:
    """Whether a binding does something here: editing keys of a read-only
    TextArea do not (and a TextArea's own undo/redo has nothing to undo)."""
    from textual.widgets import TextArea

    if isinstance(node, TextArea) and node.read_only:
        return action.split("(")[0] not in EDITING | {"undo", "redo"}
    return True


class HelpScreen(ModalScreen[None]):
    """Lists the active bindings of ``screen`` (and the app's)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; height: 90%; border: thick $accent; background: $surface; }
    HelpScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close", id="help-close",
                        tooltip="Close the help.")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.target.HELP or "Keys of this screen", style="bold"), id="help-text")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns("Key", "Action", "What it does")
        # One row per binding, with every key that runs it here (a key another
        # binding takes over, or one that does nothing here, is left out).
        rows: dict[str, tuple[list[str], Binding]] = {}
        for key, active in self.target.active_bindings.items():
            b = active.binding
            if not applies(active.node, b.action) or not active.enabled:
                continue
            keys, _b = rows.setdefault(b.id or f"{b.action}:{key}", ([], b))
            shown = self.app.get_key_display(Binding(key, b.action, b.description, key_display=None))
            if shown not in keys:
                keys.append(shown)
        # A screen may say what a binding does for this user (the coding
        # screen names the theme on each quick key).
        describe = getattr(self.target, "binding_description", lambda b: None)
        for keys, b in rows.values():
            table.add_row(Text(" ".join(keys)), Text(describe(b) or b.description or b.action),
                          Text(b.tooltip or ""))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
