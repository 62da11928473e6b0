"""Speaker turns in plain text: paragraphs that start with a speaker label
(``Interviewer:``, ``P:``), optionally after a timestamp (``[00:01:23]``)."""

from __future__ import annotations

import re

from vos_coder.core.model import Turn

# Short labels a transcriber types, and what they stand for.
ALIASES = {
    "i": "Interviewer", "int": "Interviewer", "interviewer": "Interviewer",
    "researcher": "Interviewer", "r": "Respondent", "respondent": "Respondent",
    "p": "Participant", "participant": "Participant", "interviewee": "Participant",
}

LABEL = re.compile(
    r"^(?:\[(?P<ts>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]\s*)?"
    r"(?P<label>Interviewer|Interviewee|Participant|Respondent|Researcher|Int|I|P|R)\s*:[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)


def speaker_name(label: str) -> str:
    return ALIASES.get(label.casefold(), label)


def find_turns(text: str) -> tuple[Turn, ...]:
    """Turns from each label to just before the next label, trailing blank
    lines left out. Text without labels has no turns."""
    matches = list(LABEL.finditer(text))
    starts = [m.start() for m in matches] + [len(text)]
    turns = []
    names: dict[str, str] = {}
    for n, m in enumerate(matches, start=1):
        start, end = starts[n - 1], starts[n]
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        label, ts = m.group("label", "ts")
        speaker = names.get(label) or names.setdefault(label, speaker_name(label))
        turns.append(Turn(n, speaker, start, end, ts.replace(",", ".") if ts else None))
    return tuple(turns)
