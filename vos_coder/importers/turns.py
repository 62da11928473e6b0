"""Speaker turns in plain text: lines that start with a speaker label
(``Interviewer:``, ``P:``), optionally after a bracketed timestamp
(``[00:01:23] Interviewer:``) and optionally in Markdown bold (``**I:**``).

A turn runs from the start of its label (or timestamp) to just before the next
label, trailing blank lines left out. Text without labels has no turns.

Labels are normalised to the two roles of a one-on-one conversation,
``Interviewer`` and ``Participant`` (also from the Albanian
``Intervistuesi:``, ``Pjesëmarrësja:``). ``R`` is ambiguous: transcribers
write I/R (Interviewer/Respondent) or R/P (Researcher/Participant), so it is
read from the other labels in the same text.

A transcriber may label turns with a person's name instead (``Genta:``).
Such a *name label* (one to three words, each starting with a capital
letter, then a colon and text, at the start of a line; not a heading word
such as ``Date:`` or ``Note:``) is a speaker label when the same label
starts at least two lines, or when the text's other labels are role labels
(it then speaks between them). Its name is kept as written: the
pseudonymiser replaces it (privacy/transform.py), and ``check`` reports a
speaker label that names someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vos_coder.core.model import INTERVIEWER, Turn

PARTICIPANT = "Participant"

# What each label a transcriber types stands for ("r" is decided per text).
ALIASES = {
    "i": INTERVIEWER, "int": INTERVIEWER, "interviewer": INTERVIEWER, "researcher": INTERVIEWER,
    "p": PARTICIPANT, "participant": PARTICIPANT, "interviewee": PARTICIPANT,
    "respondent": PARTICIPANT,
    # Albanian: intervistuesi/-ja (the interviewer), pjesëmarrësi/-ja (the participant)
    "intervistuesi": INTERVIEWER, "intervistuesja": INTERVIEWER, "intervistues": INTERVIEWER,
    "intervistuese": INTERVIEWER,
    "pjesëmarrësi": PARTICIPANT, "pjesëmarrësja": PARTICIPANT, "pjesëmarrës": PARTICIPANT,
    "pjesëmarrëse": PARTICIPANT, "pjesemarresi": PARTICIPANT, "pjesemarresja": PARTICIPANT,
}

# Words that start a line with a colon in a transcript's heading, not a speaker.
HEADINGS = frozenset({
    "date", "time", "place", "location", "venue", "duration", "length", "subject", "topic",
    "title", "file", "filename", "interview", "recording", "session", "transcript", "transcriber",
    "transcribed by", "language", "code", "id", "note", "notes", "comment", "comments", "summary",
    "question", "answer", "re", "from", "to", "cc", "source", "attendees", "present", "context",
    "data", "ora", "koha", "vendi", "kohëzgjatja", "tema", "titulli", "shënim", "shënime",
    "gjuha", "kodi", "intervista", "burimi", "pyetja", "përgjigja", "vendndodhja",
})
NAME_LABEL_MAX = 40

_NAMES = r"Interviewer|Interviewee|Participant|Respondent|Researcher|Int|I|P|R"
_BOLD = r"(?:\*\*|__)?"
TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"

#: A speaker label at the start of a line; ``ts`` and ``label`` are its groups.
LABEL = re.compile(
    rf"^[ \t]*(?P<at>(?:\[(?P<ts>{TIMESTAMP})\][ \t]*)?"
    rf"{_BOLD}(?P<label>{_NAMES}){_BOLD}[ \t]*:{_BOLD}[ \t]*)",
    re.IGNORECASE | re.MULTILINE,
)


_WORD = r"[^\W\d_][^\W\d_'’-]*\.?"
#: A name-like label at the start of a line (``Genta:``, ``Ardita H.:``), text after it.
NAME_LABEL = re.compile(
    rf"^[ \t]*(?P<at>(?:\[(?P<ts>{TIMESTAMP})\][ \t]*)?"
    rf"{_BOLD}(?P<label>{_WORD}(?:[ \t]{_WORD}){{0,2}}){_BOLD}[ \t]*:{_BOLD}[ \t]+)(?=\S)",
    re.MULTILINE,
)


def name_like(label: str) -> bool:
    """Whether a label could be a person's name: one to three words, each
    starting with a capital letter, not a heading word (``Date``, ``Note``)."""
    words = label.split()
    return (0 < len(words) <= 3 and len(label) <= NAME_LABEL_MAX
            and all(w[0].isupper() for w in words)
            and label.casefold() not in HEADINGS and words[0].casefold() not in HEADINGS)


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


# The same patterns found after a line feed: a search for them skips from one
# line feed to the next inside the regular-expression engine, where ``^`` in
# MULTILINE mode is tried at every character.
_LABEL_AFTER_LF = re.compile("\n" + LABEL.pattern.removeprefix("^"), LABEL.flags & ~re.MULTILINE)
# A name-like label where no role label starts the same line: the engine
# passes over role-labelled lines without making a match of each.
_NOT_ROLE = "(?!(?i:" + re.sub(r"\(\?P<\w+>", "(?:", LABEL.pattern.removeprefix("^")) + "))"
_NAME_FIRST = re.compile(_NOT_ROLE + NAME_LABEL.pattern.removeprefix("^"),
                         NAME_LABEL.flags & ~re.MULTILINE)
_NAME_AFTER_LF = re.compile("\n" + _NOT_ROLE + NAME_LABEL.pattern.removeprefix("^"),
                            NAME_LABEL.flags & ~re.MULTILINE)


def line_matches(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The role labels (``LABEL``) and the name-like labels (``NAME_LABEL``
    on lines without a role label) of a text: the matches of each pattern's
    ``finditer`` (those after the first line start at its line feed; their
    groups, and ``start("at")``, are the same)."""
    roles = [m for m in (LABEL.match(text),) if m is not None]
    roles += _LABEL_AFTER_LF.finditer(text)
    names = [m for m in (_NAME_FIRST.match(text), *_NAME_AFTER_LF.finditer(text))
             if m is not None and name_like(m.group("label"))]
    return roles, names


def _label_matches(text: str) -> list[re.Match[str]]:
    """The speaker labels of a text in order: role labels, and name labels
    that recur or speak between role labels."""
    roles, names = line_matches(text)
    if not names:
        return roles
    roles += [m for m in names if m.group("label").casefold() in ALIASES]  # Intervistuesi
    names = [m for m in names if m.group("label").casefold() not in ALIASES]
    counts: dict[str, int] = {}
    for m in names:
        counts[m.group("label")] = counts.get(m.group("label"), 0) + 1
    kept = [m for m in names if counts[m.group("label")] >= 2 or roles]
    return sorted(roles + kept, key=lambda m: m.start())


def find_turns(text: str) -> tuple[Turn, ...]:
    """The speaker turns of ``text`` (normalised text; offsets are code points).

    ``text[turn.start:turn.end]`` begins with the label, or with the bracketed
    timestamp before it, and has no trailing whitespace."""
    matches = _label_matches(text)
    if not matches:
        return ()
    found = [m.group("label", "ts") for m in matches]
    bounds = [m.start("at") for m in matches]
    bounds.append(len(text))
    labels = {label for label, _ts in found}
    names = {label: speaker_name(label, labels) for label in labels}
    isspace = str.isspace
    turns = []
    for n, (label, ts) in enumerate(found, start=1):
        start, end = bounds[n - 1], bounds[n]
        while end > start and isspace(text[end - 1]):  # no trailing whitespace
            end -= 1
        turns.append(Turn(n, names[label], start, end, ts.replace(",", ".") if ts else None))
    return tuple(turns)
