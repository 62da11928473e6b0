"""Textual's Footer, rebuilt once per burst of binding changes.

Textual's Footer rebuilds all its keys (one widget each, styled anew) every
time the screen's bindings change: on every focus change, screen push and
app focus. Opening a transcript moves focus several times in a row, and the
coding screen has some thirty keys, so the same footer was built several
times over before the transcript could be drawn. This one rebuilds only
when the keys it shows (or whether they are enabled) actually changed, and
once for all the changes made before the next refresh."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A footer that rebuilds at most once per refresh."""

    _rebuild_pending = False
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple:
        """What compose() would show: each shown binding, enabled or not."""
        return tuple((b.key, b.description, b.action, b.group, enabled, tooltip)
                     for _node, b, enabled, tooltip in self.screen.active_bindings.values()
                     if b.show or b.action == "command_palette")

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown or not self.children:
            self._shown = keys
            await self.recompose()
