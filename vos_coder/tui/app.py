"""VosApp: holds the Project, wires screens, maps errors to notifications."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.signal import Signal

from vos_coder.core.controls import pictured
from vos_coder.errors import ProjectError, VosError
from vos_coder.tui.commands import VosCommands
from vos_coder.tui.messages import CodingsChanged, OpenSource

if TYPE_CHECKING:
    from vos_coder.store import Project

T = TypeVar("T")

#: How long the UI waits on a database another process holds, per attempt.
UI_BUSY_TIMEOUT_MS = 250
LOCK_RETRIES = 4


def _load_coding_screen() -> None:
    import vos_coder.tui.screens.coding  # noqa: F401


def _is_lock(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class VosApp(App[None]):
    """The coding workbench over one project file."""

    TITLE = "vos-coder"
    CSS_PATH = "vos.tcss"
    COMMANDS = App.COMMANDS | {VosCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="help",
                tooltip="List every key of this screen.", priority=False),
        Binding("slash", "search", "Search", id="search",
                tooltip="Search every transcript (full text, and fuzzy for misspellings)."),
        Binding("b", "browser", "Theme browser", id="browser",
                tooltip="Every excerpt of a theme across participants; approve or exclude quotes."),
        Binding("M", "memos", "Memos", id="memos",
                tooltip="Memos on the passage, theme, source, participant and project in view."),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave vos-coder (every coding is saved)."),
    ]

    def __init__(self, project: Project | None, coder: str, *, cursor_blink: bool = True,
                 path: Path | None = None) -> None:
        """The workbench over an open ``project``; or, with ``project`` None, over
        the project at ``path``, opened once the first frame is drawn (see opening())."""
        super().__init__()
        self.project: Project = project  # type: ignore[assignment]  # (None until opened)
        self.db_path = Path(project.path if project is not None else path)  # type: ignore[arg-type]
        self.coder = coder
        self.cursor_blink = cursor_blink
        self.codebook_changed: Signal[None] = Signal(self, "codebook-changed")
        self.sub_title = pictured(f"{self.db_path.name} · coder {coder}")
        #: Why the project could not be opened after the first frame (the app then exits).
        self.open_error: BaseException | None = None
        if project is not None:
            self._use(project)
        self._held_keys: list[events.Key] | None = []
        self._flush_scheduled = False
        self._waiting_since = time.monotonic()

    # -- keys, one at a time ------------------------------------------------------------
    # Textual hands each key to the focused widget's queue and runs bindings
    # when the key comes back up to the app. Keys typed faster than they are
    # handled would reach a widget (or a screen) that a previous key is about
    # to replace: "c" opens the picker, but the next letters would still go
    # to the transcript. So a key waits while any earlier key, or any message
    # it caused (a screen being mounted, a list being refreshed), is still
    # pending; keys are then handed on in the order typed.
    KEY_WAIT_LIMIT = 10.0  # seconds a key waits at most for an app that is stuck

    def _keys_must_wait(self) -> bool:
        if self.project is None:
            return True  # nothing to act on yet: keys wait for the project (opening())
        if any(isinstance(m, events.Key) and m.is_forwarded for m in self._message_queue.values):
            return True  # an earlier key is on its way back to run a binding
        if not self._screen_stack:
            return False
        return any(node.message_queue_size or node._pending_message is not None
                   for node in self.screen.walk_children(with_self=True))

    async def on_event(self, event: events.Event) -> None:
        raw_key = isinstance(event, events.Key) and not event.is_forwarded
        if raw_key and self._held_keys is not None and (self._held_keys or self._keys_must_wait()):
            if not self._held_keys:
                self._waiting_since = time.monotonic()
            self._held_keys.append(event)  # type: ignore[arg-type]
            self._schedule_key_flush()
            return
        await super().on_event(event)

    def _schedule_key_flush(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.set_timer(0.002, self._flush_keys)

    async def _flush_keys(self) -> None:
        self._flush_scheduled = False
        held = self._held_keys
        while held and self._screen_stack:
            if self._keys_must_wait() and time.monotonic() - self._waiting_since < self.KEY_WAIT_LIMIT:
                self._schedule_key_flush()
                return
            self._waiting_since = time.monotonic()
            await super().on_event(held.pop(0))

    @classmethod
    def opening(cls, path: Path, coder: str, *, cursor_blink: bool = True) -> VosApp:
        """The workbench that draws its first screen first and then opens the
        project at ``path`` (the Project service and the file are not needed to
        draw it). Keys typed meanwhile wait and are then applied in order. If
        the project cannot be opened (damaged, newer, a wrong passphrase in the
        environment, busy) the app exits at once with ``open_error`` set, for
        the caller to report in one line; nothing is written."""
        return cls(None, coder, cursor_blink=cursor_blink, path=path)

    def _use(self, project: Project) -> None:
        self.project = project
        project.db.execute(f"PRAGMA busy_timeout = {UI_BUSY_TIMEOUT_MS}")

    def _open_project(self) -> bool:
        from vos_coder.store import Project

        try:
            self._use(Project.open(self.db_path))
        except Exception as exc:  # noqa: BLE001 (reported by the caller once the terminal is back)
            self.open_error = exc
            self.exit(return_code=1)
            return False
        for screen in self.screen_stack:
            opened = getattr(screen, "show_project", None)
            if opened is not None:
                opened()
        return True

    def on_ready(self) -> None:
        if self.project is None:
            if not self._open_project():
                return
            self.call_after_refresh(self._settle)  # after the frame listing the sources
        else:
            self._settle()

    def _settle(self) -> None:
        from vos_coder.tui import collector

        collector.started()  # the first frame is up: modules, app and overview live long
        # The coding screen's modules load while the researcher reads the overview,
        # not after Enter (the first frame did not wait for them).
        threading.Thread(target=_load_coding_screen, name="vos-preload", daemon=True).start()

    def get_default_screen(self):  # type: ignore[override]
        from vos_coder.tui.screens.overview import OverviewScreen

        return OverviewScreen()

    # -- writing through the service ------------------------------------------------
    def write(self, action: Callable[[Project], T], done: str | None = None) -> T | None:
        """Run one service call on the UI thread. A database locked for a
        moment by another program is retried; any VosError becomes a
        notification. Returns the call's result, or None when it failed."""
        # (the engine loads with the project, after the first frame: VosApp.opening)
        from vos_coder.store.connection import storage_error
        from vos_coder.store.engine import sqlite

        for attempt in range(LOCK_RETRIES):
            try:
                result = action(self.project)
            except (sqlite.DatabaseError, ProjectError) as exc:
                if _is_lock(exc) and attempt < LOCK_RETRIES - 1:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                if _is_lock(exc):
                    self.warn(f"{self.db_path.name} is busy in another program; nothing was "
                              "changed. Try again in a moment")
                elif isinstance(exc, sqlite.DatabaseError):
                    # a damaged page, a full disk, a read-only file: the CLI's one line
                    self.warn(str(storage_error(exc, self.db_path)))
                else:
                    self.warn(str(exc))
                return None
            except VosError as exc:
                self.warn(str(exc))
                return None
            if done:
                self.notify(done, markup=False, timeout=3)
            return result
        return None

    def read(self, action: Callable[[Project], T]) -> T | None:
        """A small read on the UI thread; errors become notifications."""
        return self.write(action)

    def notify(self, message: str, *args, **kwargs) -> None:  # type: ignore[override]
        """Every notification with control characters shown, never obeyed
        (messages quote theme names, titles, file names)."""
        super().notify(pictured(message), *args, **kwargs)

    def warn(self, message: str) -> None:
        """A user-facing problem: a notification, never markup, never a crash."""
        self.notify(message, severity="error", markup=False, timeout=6)

    def open_worker_project(self) -> Project:
        """A Project of its own for a worker thread (connections stay in their thread)."""
        from vos_coder.store import Project

        return Project.open(self.db_path)

    # -- navigation ---------------------------------------------------------------------
    def on_open_source(self, message: OpenSource) -> None:
        from vos_coder.tui.screens.coding import CodingScreen

        self.push_screen(CodingScreen(message.source_id, message.start, message.end))

    def on_codings_changed(self, message: CodingsChanged) -> None:
        self.codebook_changed.publish(None)

    def get_system_commands(self, screen):  # type: ignore[override]
        """The palette's own entries plus the whole-project undo and redo."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Undo anywhere in the project",
                            "Undo your last coding action, in whichever transcript it was",
                            self.action_undo_anywhere)
        yield SystemCommand("Redo anywhere in the project",
                            "Redo the coding action you undid last, in whichever transcript",
                            self.action_redo_anywhere)

    def action_undo_anywhere(self) -> None:
        self._history(undo=True)

    def action_redo_anywhere(self) -> None:
        self._history(undo=False)

    def _history(self, undo: bool) -> None:
        """Project-wide undo/redo, named as `vos-coder undo` names it."""
        done = self.write(lambda p: p.undo(self.coder) if undo else p.redo(self.coder))
        verb = "undid" if undo else "redid"
        self.notify(f"{verb}: {done['description']}" if done else f"nothing to {verb[:-2]}o",
                    markup=False, timeout=5)
        if done:
            self.codebook_changed.publish(None)

    def action_help(self) -> None:
        from vos_coder.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        from vos_coder.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_browser(self, theme_id: int | None = None) -> None:
        from vos_coder.tui.screens.browser import ThemeBrowser

        if not isinstance(self.screen, ThemeBrowser):
            self.push_screen(ThemeBrowser(theme_id))

    def action_memos(self, show_all: bool = False) -> None:
        from vos_coder.tui.memo_context import targets_in_view
        from vos_coder.tui.screens.memos import MemosScreen

        if not isinstance(self.screen, MemosScreen):
            targets = self.read(lambda p: targets_in_view(self.screen, p)) or []
            screen = MemosScreen(targets)
            screen.set_reactive(MemosScreen.show_all, show_all)
            self.push_screen(screen)

    def action_disagreements(self, first: str, second: str) -> None:
        from vos_coder.tui.screens.disagreements import DisagreementsScreen

        self.push_screen(DisagreementsScreen((first, second)))

    def on_unmount(self) -> None:
        from vos_coder.tui import collector

        collector.unfreeze()  # the collector sees everything again
        if self.project is not None:
            self.project.close()


