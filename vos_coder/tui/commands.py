"""Command palette entries: apply a theme, open a source, browse a theme, actions.

Data is read once in ``startup()`` (a small read on the UI thread), never per keystroke."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from vos_coder.core.controls import pictured
from vos_coder.tui.messages import OpenSource


class VosCommands(Provider):
    """Themes, sources and actions of the open project."""

    async def startup(self) -> None:
        app = self.app
        self.entries: list[tuple[str, Callable[[], object], str]] = []
        project = getattr(app, "project", None)
        if project is None:
            return
        screen = app.screen
        apply = getattr(screen, "apply_themes", None)
        for t in project.themes():
            if apply is not None:
                self.entries.append((f"Apply theme: {t.path}", partial(apply, [t.id]),
                                     "Code the selected passage with this theme"))
            self.entries.append((f"Browse theme: {t.path}", partial(app.action_browser, t.id),
                                 "Every excerpt of this theme"))
        for s in project.sources():
            self.entries.append((f"Open source: {s.participant} · {s.title}",
                                 partial(app.post_message, OpenSource(s.id)),
                                 f"{s.kind}, {s.length:,} characters"))
        for p in project.participants():
            first = next(iter(project.sources(p.pid)), None)
            if first is not None:
                self.entries.append((f"Participant: {p.pid} ({p.group})",
                                     partial(app.post_message, OpenSource(first.id)),
                                     "Open this participant's first source"))
        coders = [c["coder"] for c in project.coders()]
        for i, first in enumerate(coders):
            for second in coders[i + 1:]:
                self.entries.append((f"Disagreements: {first} and {second}",
                                     partial(app.action_disagreements, first, second),
                                     "Step through their disagreements and settle them"))
        self.entries += [
            ("Search the project", app.action_search, "Full-text and fuzzy search"),
            ("Theme browser", app.action_browser, "Approve, exclude and edit quotes"),
            ("Memos in view", app.action_memos,
             "Memos on the passage, theme, source, participant and project in view"),
            ("Memos: every memo of the project", partial(app.action_memos, True),
             "List, add, edit and delete memos"),
            ("Help: keys of this screen", app.action_help, "Every binding with what it does"),
        ]

    async def discover(self) -> Hits:
        for name, run, help_text in self.entries:
            if not name.startswith(("Apply theme", "Browse theme", "Participant")):
                yield DiscoveryHit(Text(pictured(name)), run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self.entries:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), run, text=name, help=help_text)


def highlight(matcher: Matcher, name: str) -> Content:
    """Matcher.highlight parses markup (theme names may hold [brackets]): build it literally."""
    content = Content(pictured(name))  # same length: the offsets still fall on the letters
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher._match_style, offset, offset + 1)
    return content
