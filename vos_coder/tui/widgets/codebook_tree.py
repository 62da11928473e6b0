"""The codebook panel: the theme tree with colours, number keys and counts;
add, rename, move, recolour and describe themes in place."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree

from vos_coder.core.controls import pictured
from vos_coder.core.model import Theme, ThemeStat
from vos_coder.core.quick_keys import QuickKeys
from vos_coder.tui.dialogs.text_input import TextInputDialog


class CodebookTree(Tree[int]):
    """Themes as a tree; node data is the theme id. Labels are Text (never markup)."""

    BINDING_GROUP_TITLE = "Codebook"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add theme", id="theme-add",
                tooltip="Add a theme under the highlighted one (at the top level from the root)."),
        Binding("f2", "rename", "Rename", id="theme-rename", tooltip="Rename the highlighted theme."),
        Binding("e", "describe", "Describe", id="theme-describe",
                tooltip="Write the highlighted theme's definition."),
        Binding("k", "recolour", "Colour", id="theme-colour",
                tooltip="Give the highlighted theme a hex colour such as #4c78a8."),
        Binding("v", "move", "Move", id="theme-move",
                tooltip="Move the highlighted theme under another (give its path; empty: top level)."),
        Binding("delete", "delete", "Delete theme", id="theme-delete",
                tooltip="Delete the highlighted theme and its sub-themes (asks first, saying how many codings go)."),
        Binding("g", "merge", "Merge into…", id="theme-merge",
                tooltip="Merge the highlighted theme into another: its codings, sub-themes and memos move there."),
        Binding("K", "quick_key", "Quick key", id="theme-quick-key",
                tooltip="Choose the digit (1-9) that codes with the highlighted theme: K, then the digit; "
                        "kept in the project for you (the coder) only."),
        Binding("ctrl+up", "shift(-1)", "Move up", id="theme-up",
                tooltip="Move the highlighted theme up among its siblings."),
        Binding("ctrl+down", "shift(1)", "Move down", id="theme-down",
                tooltip="Move the highlighted theme down among its siblings."),
    ]

    @dataclass
    class Changed(Message):
        """The codebook was edited."""

        theme_id: int | None

    def __init__(self, id: str | None = None) -> None:
        super().__init__(Text("Codebook"), id=id)
        self.show_root = False
        self.themes: dict[int, Theme] = {}
        self.keys: QuickKeys | None = None
        self.colours: dict[int, str] = {}
        self._filled: tuple[list[Theme], list[ThemeStat]] = ([], [])

    def fill(self, themes: Sequence[Theme], stats: Sequence[ThemeStat], keys: QuickKeys | None = None,
             colours: Mapping[int, str] | None = None) -> None:
        """Rebuild from the service's values (keeps the highlighted theme).
        ``keys``: the coder's quick keys, shown before each theme's name
        (default: the first nine themes in codebook order); ``colours``: the
        colour each theme is shown in (default: its stored colour). Both are
        kept for later fills that leave them out."""
        keep = self.cursor_node.data if self.cursor_node else None
        self._filled = (list(themes), list(stats))
        if keys is not None:
            self.keys = keys
        if colours is not None:
            self.colours = dict(colours)
        digit_of = ({t.id: d for d, t in self.keys.themes.items()} if self.keys is not None
                    else {t.id: i + 1 for i, t in enumerate(themes[:9])})
        counts = {s.theme.id: s for s in stats}
        self.clear()
        self.themes = {t.id: t for t in themes}
        nodes = {None: self.root}
        parents = {t.parent_id for t in themes}
        for t in themes:
            label = Text()
            digit = digit_of.get(t.id)
            label.append(f"{digit} " if digit else "  ", style="bold")
            label.append("■ ", style=self.colours.get(t.id, t.colour) or "")
            label.append(pictured(t.name))
            st = counts.get(t.id)
            if st is not None:
                label.append(f"  {st.excerpts}·{st.participants}p", style="dim")
            parent = nodes.get(t.parent_id, self.root)
            if t.id in parents:
                nodes[t.id] = parent.add(label, data=t.id, expand=True)
            else:
                parent.add_leaf(label, data=t.id)
        self.root.expand_all()
        if keep is not None:
            for line in range(self.last_line + 1):
                node = self.get_node_at_line(line)
                if node is not None and node.data == keep:
                    self.move_cursor(node)
                    break

    def repaint(self, colours: Mapping[int, str]) -> None:
        """The same themes and counts in new colours."""
        if dict(colours) != self.colours:
            self.fill(*self._filled, colours=colours)

    @property
    def current(self) -> Theme | None:
        node = self.cursor_node
        return self.themes.get(node.data) if node is not None and node.data is not None else None

    # -- editing, each through the service ---------------------------------------
    def _ask(self, question: str, value: str, then: Callable[[str], object]) -> None:
        def answered(text: str | None) -> None:
            if text is None:
                return
            result = self.app.write(lambda p: then(text))  # type: ignore[attr-defined]
            if result is not None:
                self.post_message(self.Changed(getattr(result, "id", None)))

        self.app.push_screen(TextInputDialog(question, value), answered)

    def action_add(self) -> None:
        t = self.current
        where = f"under {t.path}" if t else "at the top level"
        project = self.app.project  # type: ignore[attr-defined]
        self._ask(f"New theme {where}:", "",
                  lambda name: project.add_theme(name, t.id if t else None))

    def action_rename(self) -> None:
        if (t := self.current) is not None:
            project = self.app.project  # type: ignore[attr-defined]
            self._ask(f"Rename {t.path} to:", t.name, lambda name: project.rename_theme(t.id, name))

    def action_describe(self) -> None:
        if (t := self.current) is not None:
            project = self.app.project  # type: ignore[attr-defined]
            self._ask(f"Definition of {t.path}:", t.description,
                      lambda text: project.describe_theme(t.id, description=text))

    def action_recolour(self) -> None:
        if (t := self.current) is not None:
            project = self.app.project  # type: ignore[attr-defined]
            self._ask(f"Colour of {t.path} (hex):", t.colour,
                      lambda c: project.describe_theme(t.id, colour=c))

    def action_delete(self) -> None:
        from vos_coder.tui.dialogs import ConfirmDialog

        t = self.current
        if t is None:
            return
        app = self.app
        n = app.read(lambda p: p.theme_codings_count(t.id))  # type: ignore[attr-defined]
        if n is None:
            return
        subs = len(app.read(lambda p: p.subtree(t.id)) or []) - 1  # type: ignore[attr-defined]
        what = f"Delete the theme {t.path}" + (f" and its {subs} sub-theme(s)" if subs > 0 else "")
        question = (f"{what}? Its {n} coding(s) will be deleted too; merging (g) keeps them."
                    if n else f"{what}? It has no codings.")

        def answered(yes: bool | None) -> None:
            if yes and app.write(lambda p: p.delete_theme(t.id, force=True),  # type: ignore[attr-defined]
                                 f"deleted {t.path}" + (f" and {n} coding(s)" if n else "")) is not None:
                self.post_message(self.Changed(None))

        app.push_screen(ConfirmDialog(question), answered)

    def action_merge(self) -> None:
        from vos_coder.tui.dialogs import ThemePicker

        t = self.current
        if t is None:
            return
        app = self.app
        targets = [x for x in self.themes.values()
                   if x.id != t.id and not x.path.startswith(t.path + "/")]

        def chosen(ids: list[int] | None) -> None:
            if ids and app.write(lambda p: p.merge_theme(t.id, ids[0]),  # type: ignore[attr-defined]
                                 f"merged {t.path} into {self.themes[ids[0]].path}") is not None:
                self.post_message(self.Changed(ids[0]))

        app.push_screen(ThemePicker(targets, f"Merge {t.path} into (enter picks one)"), chosen)

    def action_shift(self, step: int) -> None:
        t = self.current
        if t is not None and self.app.write(lambda p: p.shift_theme(t.id, step)) is not None:  # type: ignore[attr-defined]
            self.post_message(self.Changed(t.id))

    def action_quick_key(self) -> None:
        from vos_coder.tui.dialogs import QuickKeyDialog

        t = self.current
        if t is None or self.keys is None:
            return
        app = self.app
        coder = app.coder  # type: ignore[attr-defined]

        def chosen(digit: int | None) -> None:
            if digit is None:
                return
            if digit == 0:
                old = self.keys.digit_of(t.id) if self.keys else None
                if old is None:
                    return
                done = app.write(lambda p: p.set_quick_key(coder, old, None),  # type: ignore[attr-defined]
                                 f"{old} codes with nothing now")
            else:
                done = app.write(lambda p: p.set_quick_key(coder, digit, t.id),  # type: ignore[attr-defined]
                                 f"{digit} codes with {t.path} now")
            if done is not None:
                self.post_message(self.Changed(t.id))

        app.push_screen(QuickKeyDialog(t, self.keys.themes, self.keys.default), chosen)

    def action_move(self) -> None:
        if (t := self.current) is not None:
            project = self.app.project  # type: ignore[attr-defined]
            self._ask(f"Move {t.path} under (theme path, empty for the top level):", "",
                      lambda parent: project.move_theme(t.id, parent.strip() or None))
