"""A passage never spans speakers: the rule the coding screen and the store share.

A coded passage lies inside one speaker turn, after the turn's label
(``Interviewer:``, ``[00:01:02] P:``) and without the blank lines between
turns. A selection over a turn boundary is clipped to the turn where it
starts, without its label (``clip_to_turn``); the store refuses a new span
over a turn boundary, into the blank lines between turns or over a speaker
label (``passage_problem``). Spans brought in by a merge or a REFI-QDA
import are other people's data and are kept as they are. Sources without
turns (survey answers, plain notes) only lose surrounding whitespace.
Offsets are code points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vos_coder.core.model import Turn
from vos_coder.core.spans import trim_span

# The label at a turn's start: optional [timestamp], optional Markdown bold,
# a name of up to 40 characters without a colon, the colon, the spaces after.
_LABEL = re.compile(r"[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?:\*\*|__)?(?P<name>[^\s:\[*_][^:\n*]{0,39}?)"
                    r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*")


def body_start(text: str, turn: Turn) -> int:
    """Where the words of ``turn`` begin, after its speaker label."""
    m = _LABEL.match(text, turn.start, turn.end)
    if m is None:
        return turn.start
    name = m.group("name").strip()
    # "He said:" is words, not a label: a label is one word or the speaker's name.
    return m.end() if " " not in name or name.casefold() == turn.speaker.casefold() else turn.start


def turn_at(turns: Sequence[Turn], offset: int) -> Turn | None:
    """The turn holding ``offset``; on the blank lines between two turns, the next one."""
    return next((t for t in turns if offset < t.end), None)


def clip_to_turn(text: str, turns: Sequence[Turn], start: int, end: int) -> tuple[int, int] | None:
    """The part of ``start:end`` a passage may hold: inside the turn where the
    selection starts, after its label, without surrounding whitespace. None
    when nothing is left (only a label or blank lines were selected)."""
    if turns:
        turn = turn_at(turns, start)
        if turn is None:
            return None
        start = max(start, body_start(text, turn))
        end = min(end, turn.end)
    start, end = trim_span(text, start, end)
    return (start, end) if end > start else None


def passage_problem(text: str, turns: Sequence[Turn], start: int, end: int,
                    base: int = 0) -> str | None:
    """Why ``start:end`` cannot be a new passage, or None when it can: it runs
    over a turn boundary, into the blank lines between turns, or over a
    turn's speaker label. ``text`` may be a stretch of the source beginning
    at offset ``base``: ``turns``, ``start`` and ``end`` are then relative to
    it, and the message gives offsets in the whole source."""
    if not turns:
        return None
    where = f"span {start + base}:{end + base}"
    inside = [t for t in turns if t.start < end and start < t.end]
    if len(inside) > 1:
        return (f"{where} runs over {len(inside)} speaker turns; a passage stays inside one turn "
                "(code each turn's part on its own)")
    if not inside:
        if text[start:end].strip():
            return None  # text before the first turn (a heading), outside every turn
        return f"{where} holds only blank lines between turns"
    turn = inside[0]
    if end > turn.end and not text[turn.end:end].strip():
        return f"{where} runs past the end of turn {turn.n} (at {turn.end + base}) into the blank lines"
    if start < turn.start and not text[start:turn.start].strip():
        return f"{where} starts in the blank lines before turn {turn.n} (at {turn.start + base})"
    body = body_start(text, turn)
    if start < body and end > turn.start:
        label = " ".join(text[turn.start:body].split())
        return (f"{where} includes the speaker label {label!r} of turn {turn.n}; a passage "
                f"starts after it (at {body + base})")
    return None
