"""Widening a hit (a few words) to the sentence or speaker turn around it,
as a researcher coding search results asks for."""

from __future__ import annotations

from collections.abc import Sequence

from vos_coder.core.model import Turn
from vos_coder.core.spans import sentence_at

WIDEN_MODES = ("hit", "sentence", "turn")


def without_label(text: str, turn: Turn) -> tuple[int, int]:
    """A turn's span without its speaker label ("Participant: ")."""
    start, end = turn.start, turn.end
    label = f"{turn.speaker}:"
    if text.startswith(label, start):
        start += len(label)
        while start < end and text[start].isspace():
            start += 1
    return start, end


def widen(text: str, start: int, end: int, mode: str, turns: Sequence[Turn] = ()) -> tuple[int, int]:
    """The span to code for a hit at ``start:end``: the hit itself, the
    sentence(s) it lies in, or the speaker turn (label left out). A hit
    outside any turn widened to ``turn`` becomes its sentence."""
    if mode not in WIDEN_MODES:
        raise ValueError(f"widen to one of {', '.join(WIDEN_MODES)}")
    if mode == "turn":
        for t in turns:
            if t.start <= start < t.end or (t.start < end <= t.end):
                a, b = without_label(text, t)
                if a < b:
                    return min(a, start), max(b, end)
        mode = "sentence"
    if mode == "sentence":
        a, _ = sentence_at(text, start)
        _, b = sentence_at(text, max(start, end - 1))
        for t in turns:  # a turn's first sentence: leave the speaker label out
            if t.start == a:
                a = without_label(text, t)[0]
        return min(a, start), max(b, end)
    return start, end
