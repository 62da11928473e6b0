"""Speaker turns in plain text: lines that start with a speaker label
(``Interviewer:``, ``P:``), optionally after a bracketed timestamp
(``[00:01:23] Interviewer:``) and optionally in Markdown bold (``**I:**``).

A turn runs from the start of its label (or timestamp) to just before the next
label, trailing blank lines left out. Text without labels has no turns.

Labels are normalised to the two roles of a one-on-one conversation,
``Interviewer`` and ``Participant``. ``R`` is ambiguous: transcribers write
I/R (Interviewer/Respondent) or R/P (Researcher/Participant), so it is read
from the other labels in the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vos_coder.core.model import Turn

INTERVIEWER = "Interviewer"
PARTICIPANT = "Participant"

# What each label a transcriber types stands for ("r" is decided per text).
ALIASES = {
    "i": INTERVIEWER, "int": INTERVIEWER, "interviewer": INTERVIEWER, "researcher": INTERVIEWER,
    "p": PARTICIPANT, "participant": PARTICIPANT, "interviewee": PARTICIPANT,
    "respondent": PARTICIPANT,
}

_NAMES = r"Interviewer|Interviewee|Participant|Respondent|Researcher|Int|I|P|R"
_BOLD = r"(?:\*\*|__)?"
TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"

#: A speaker label at the start of a line; ``ts`` and ``label`` are its groups.
LABEL = re.compile(
    rf"^[ \t]*(?P<at>(?:\[(?P<ts>{TIMESTAMP})\][ \t]*)?"
    rf"{_BOLD}(?P<label>{_NAMES}){_BOLD}[ \t]*:{_BOLD}[ \t]*)",
    re.IGNORECASE | re.MULTILINE,
)


def speaker_name(label: str, others: Iterable[str] = ()) -> str:
    """The role a label stands for: ``I`` -> ``Interviewer``, ``P`` ->
    ``Participant``. ``R`` means Researcher when ``others`` (the other labels
    in the same text) include a participant label and no interviewer label,
    Respondent (a participant) otherwise. Unknown labels come back unchanged."""
    key = label.strip().casefold()
    if key != "r":
        return ALIASES.get(key, label.strip())
    roles = {ALIASES.get(o.strip().casefold()) for o in others}
    if PARTICIPANT in roles and INTERVIEWER not in roles:
        return INTERVIEWER
    return PARTICIPANT


def find_turns(text: str) -> tuple[Turn, ...]:
    """The speaker turns of ``text`` (normalised text; offsets are code points).

    ``text[turn.start:turn.end]`` begins with the label, or with the bracketed
    timestamp before it, and has no trailing whitespace."""
    matches = list(LABEL.finditer(text))
    if not matches:
        return ()
    labels = {m.group("label") for m in matches}
    names = {label: speaker_name(label, labels) for label in labels}
    bounds = [m.start("at") for m in matches] + [len(text)]
    turns = []
    for n, m in enumerate(matches, start=1):
        start, end = bounds[n - 1], bounds[n]
        while end > start and text[end - 1].isspace():
            end -= 1
        ts = m.group("ts")
        turns.append(Turn(n, names[m.group("label")], start, end,
                          ts.replace(",", ".") if ts else None))
    return tuple(turns)
