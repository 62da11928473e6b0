"""The passphrase of an encrypted project, asked in a dialog before the
workbench opens it. A wrong passphrase is one line in the dialog (try again,
or escape to leave); nothing on disk changes either way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from vos_coder.errors import VosError
from vos_coder.store import Project, crypto

#: Tries a passphrase: the opened Project, or raises VosError with one line.
Opener = Callable[[str], Project]


def open_with(path: Path) -> Opener:
    """An opener that tries exactly the passphrase typed (no other prompt)."""

    def opener(passphrase: str) -> Project:
        crypto.set_prompt(lambda what, confirm: passphrase)
        try:
            return Project.open(path)
        finally:
            crypto.set_prompt(None)

    return opener


class PassphraseDialog(ModalScreen["Project | None"]):
    """Asks for the passphrase (hidden) until it opens the project, or escape."""

    DEFAULT_CSS = """
    PassphraseDialog { align: center middle; }
    PassphraseDialog > Vertical { width: 72; height: auto; border: thick $accent; padding: 1 2;
                                  background: $surface; }
    PassphraseDialog #problem { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog-cancel",
                        tooltip="Leave without opening the project.")]

    def __init__(self, name: str, opener: Opener) -> None:
        super().__init__()
        self.project_name = name
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.project_name} is encrypted. Passphrase:", markup=False)
            yield Input(password=True, id="passphrase")
            yield Label("", id="problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            return
        try:
            project = self.opener(event.value)
        except VosError as exc:
            self.query_one("#problem", Label).update(str(exc))
            self.query_one("#passphrase", Input).value = ""
            return
        self.dismiss(project)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PassphraseApp(App["Project | None"]):
    """A small app that only asks for the passphrase; returns the opened Project."""

    TITLE = "vos-coder"

    def __init__(self, path: Path, opener: Opener | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.opener = opener or open_with(self.path)

    def on_mount(self) -> None:
        self.push_screen(PassphraseDialog(self.path.name, self.opener), self.exit)


def ask_and_open(path: Path) -> Project | None:
    """Run the dialog in the terminal; the opened Project, or None when cancelled."""
    return PassphraseApp(path).run()
