"""Keys of the coding screen: selection by word / turn / sentence, navigation
between coded passages and uncoded turns, find in the transcript."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import Input

from vos_coder.core.spans import next_start, previous_start, sentence_at, union_spans, word_end

if TYPE_CHECKING:
    from vos_coder.tui.screens.coding import CodingScreen


def coding_bindings() -> list[Binding]:
    """Every binding of the coding screen, each with an id, description and tooltip."""
    b = [
        Binding("c", "pick", "Code…", id="code-pick",
                tooltip="Pick one or several themes (type to filter) for the selection."),
        *(Binding(str(n), f"theme({n})", f"Theme {n}", show=False, id=f"code-theme-{n}",
                  tooltip=f"Code the selection with theme number {n} of the codebook panel.")
          for n in range(1, 10)),
        Binding("u,ctrl+z", "undo", "Undo", id="code-undo", priority=True,
                tooltip="Undo your last coding action in THIS transcript (others are never touched; "
                        "the whole-project undo is in the command palette, ctrl+p)."),
        Binding("ctrl+y", "redo", "Redo", id="code-redo", priority=True,
                tooltip="Redo the coding action you undid last in this transcript."),
        Binding("d", "uncode", "Remove coding", id="code-remove",
                tooltip="Remove a coding of the passage under the cursor."),
        Binding("m", "memo", "Memo", id="code-memo", show=False,
                tooltip="Write a memo on the coded passage under the cursor."),
        Binding("w", "extend_word", "Word", show=False, id="select-word",
                tooltip="Extend the selection to the end of the next word."),
        Binding("t", "select_turn", "Turn", id="select-turn",
                tooltip="Select the whole speaker turn under the cursor."),
        Binding("s", "select_sentence", "Sentence", show=False, id="select-sentence",
                tooltip="Select the sentence under the cursor."),
        Binding("n", "next_coded", "Next coded", id="next-coded",
                tooltip="Go to the next coded passage."),
        Binding("p", "previous_coded", "Prev coded", show=False, id="previous-coded",
                tooltip="Go to the previous coded passage."),
        Binding("N", "next_uncoded", "Next uncoded turn", show=False, id="next-uncoded",
                tooltip="Go to the next speaker turn that has no coding."),
        Binding("g,ctrl+home", "transcript_end(False)", "Start", show=False, id="transcript-start",
                tooltip="Go to the start of the transcript."),
        Binding("G,ctrl+end", "transcript_end(True)", "End", show=False, id="transcript-end",
                tooltip="Go to the end of the transcript."),
        Binding("ctrl+shift+home", "transcript_end(False, True)", "Select to start", show=False,
                id="select-to-start", tooltip="Extend the selection to the start of the transcript."),
        Binding("ctrl+shift+end", "transcript_end(True, True)", "Select to end", show=False,
                id="select-to-end", tooltip="Extend the selection to the end of the transcript."),
        Binding("ctrl+f", "find", "Find", id="find",
                tooltip="Find words in this transcript (ignores case and accents); enter or down: "
                        "next match, up: previous; it wraps at the ends."),
        Binding("f3", "find_step(1)", "Find next", show=False, id="find-next",
                tooltip="The next match of the find bar's words (wraps to the top)."),
        Binding("shift+f3", "find_step(-1)", "Find previous", show=False, id="find-previous",
                tooltip="The previous match of the find bar's words (wraps to the bottom)."),
        Binding("r,f5", "reload", "Refresh", show=False, id="code-refresh",
                tooltip="Read codings again (those made with the CLI appear)."),
        Binding("L", "wide_labels", "Labels", show=False, id="wide-labels",
                tooltip="Whole theme names in the margin (a wider margin), or the narrow margin again."),
        Binding("f4", "toggle_sidebar", "Panels", show=False, id="toggle-sidebar",
                tooltip="Show or hide the codebook and excerpt panels."),
        Binding("escape", "back", "Back", id="code-back",
                tooltip="Close the find bar, or go back to the project overview."),
    ]
    return b


class CodingKeys:
    """Selection and navigation actions (mixed into CodingScreen)."""

    def _text(self: CodingScreen) -> str:
        return self.view.source_text

    def action_extend_word(self: CodingScreen) -> None:
        span = self.view.selected_span()
        anchor = span[0] if span else self.view.cursor_offset
        cursor = self.view.cursor_offset
        self.view.select_span(anchor, word_end(self._text(), cursor))

    def _after_label(self: CodingScreen, start: int, end: int) -> tuple[int, int]:
        """Leave out a speaker label ("Participant: ") at the start of a turn."""
        text = self._text()
        for t in self.turns:
            label = f"{t.speaker}:"
            if t.start == start and text.startswith(label, start):
                start += len(label)
                while start < end and text[start].isspace():
                    start += 1
        return start, end

    def action_select_turn(self: CodingScreen) -> None:
        """The whole turn, without its speaker label (a quote never needs it)."""
        here = self.view.cursor_offset
        # The turn under the cursor; on the blank line between two turns, the next one.
        turn = next((t for t in self.turns if here <= t.end), None)
        if turn is not None:
            self.view.select_span(*self._after_label(turn.start, turn.end))
            return
        text = self._text()
        while here < len(text) and text[here] == "\n":  # a blank line: the next paragraph
            here += 1
        start = text.rfind("\n\n", 0, here)
        start = 0 if start == -1 else start + 2
        end = text.find("\n\n", here)
        self.view.select_span(start, len(text.rstrip()) if end == -1 else end)

    def action_select_sentence(self: CodingScreen) -> None:
        start, end = self._after_label(*sentence_at(self._text(), self.view.cursor_offset))
        if end > start:
            self.view.select_span(start, end)

    def _starts(self: CodingScreen) -> list[int]:
        return sorted({e.start for e, c in self.excerpts if c})

    def _go_excerpt(self: CodingScreen, start: int | None) -> None:
        if start is None:
            self.app.notify("no more coded passages that way", markup=False, timeout=2)
            return
        end = min(e.end for e, c in self.excerpts if c and e.start == start)
        self.view.select_span(start, end)

    def action_next_coded(self: CodingScreen) -> None:
        self._go_excerpt(next_start(self._starts(), self.view.cursor_offset))

    def action_previous_coded(self: CodingScreen) -> None:
        span = self.view.selected_span()
        here = span[0] if span else self.view.cursor_offset
        self._go_excerpt(previous_start(self._starts(), here))

    def action_next_uncoded(self: CodingScreen) -> None:
        here = self.view.cursor_offset
        coded = union_spans((e.start, e.end) for e, c in self.excerpts if c)
        starts = [a for a, _b in coded]
        for t in self.turns:
            if t.start <= here or t.end <= t.start:
                continue
            i = bisect_right(starts, t.end - 1) - 1  # the last coded stretch starting inside or before
            if i < 0 or coded[i][1] <= t.start:
                self.view.select_span(*self._after_label(t.start, t.end))
                return
        self.app.notify("no uncoded speaker turn after the cursor", markup=False, timeout=2)

    def binding_description(self: CodingScreen, binding: Binding) -> str | None:
        """For the help: the theme each quick key codes with, for this coder."""
        if binding.id and binding.id.startswith("code-theme-"):
            theme = self.quick.themes.get(int(binding.id.rsplit("-", 1)[1]))
            return f"Code with {theme.path}" if theme else "Code with (no theme: K in the codebook panel)"
        return None

    def action_transcript_end(self: CodingScreen, end: bool, select: bool = False) -> None:
        """The cursor to the first (or last) character of the transcript."""
        if isinstance(self.focused, Input):
            raise SkipAction()
        view = self.view
        target = view.document.end if end else (0, 0)
        view.move_cursor(target, select=select)
        view.scroll_cursor_visible()

    def action_wide_labels(self: CodingScreen) -> None:
        self.view.toggle_wide_labels()

    def action_toggle_sidebar(self: CodingScreen) -> None:
        self.query_one("#sidebar").toggle_class("-hidden")

    def action_back(self: CodingScreen) -> None:
        find = self.query_one("#find", Input)
        if find.has_class("-open"):
            find.remove_class("-open")
            self.set_focus(self.view)
        else:
            self.app.pop_screen()
