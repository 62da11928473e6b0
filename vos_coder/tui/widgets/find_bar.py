"""The find bar of the coding screen: words to find in the transcript.

Enter or down asks for the next match, up for the previous one; the screen
does the search (it holds the text) on the ``Step`` message. The handlers
live on this widget, not in a mixin (Textual ignores ``@on`` in mixins).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    """Enter/down: next match; up: previous; escape (on the screen) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", "Next match", show=False, id="find-bar-next"),
        Binding("up", "step(-1)", "Previous match", show=False, id="find-bar-previous"),
    ]

    @dataclass
    class Step(Message):
        """Go to the next (1) or previous (-1) match of ``words``."""

        words: str
        direction: int

    def __init__(self, id: str | None = None) -> None:
        super().__init__(placeholder="find in this transcript (enter/down: next, up: previous, "
                                     "escape: close)", id=id)

    def action_step(self, direction: int) -> None:
        self.post_message(self.Step(self.value, direction))

    async def action_submit(self) -> None:
        self.post_message(self.Step(self.value, 1))
