"""Plain domain values: what the Project service returns and takes.

Frozen dataclasses (and one named tuple) with no I/O. Database ids are ints; participants are known
to users by their identifier (``pid``), themes by their path
(``Stigma and shame/Culture of silence``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

QuoteStatus = Literal["candidate", "approved", "excluded"]
QUOTE_STATUSES: tuple[str, ...] = ("candidate", "approved", "excluded")
Attribution = Literal["identifier", "anonymous"]
PATH_SEP = "/"
#: The speaker of the interviewer's turns (importers/turns.py maps I:, Int:, R: ... to it).
#: A passage the interviewer spoke is not the participant's: no quote, no participant count.
INTERVIEWER = "Interviewer"


@dataclass(frozen=True)
class Group:
    """A participant group and how its quotes are attributed."""

    name: str
    attribution: str = "identifier"  # "identifier": (VoS-AL-04); "anonymous": label
    label: str = ""  # e.g. "a surveyed frontline worker"


@dataclass(frozen=True)
class Participant:
    id: int
    pid: str
    group: str
    attributes: dict[str, list[str]] = field(default_factory=dict, compare=False)
    consent: str = "active"  # "active" | "withdrawn"

    def attribute(self, name: str) -> str:
        """The attribute's value(s) as one string ('' when unset)."""
        return "; ".join(self.attributes.get(name, []))


class Turn(NamedTuple):
    """A speaker turn: a span of a source spoken by one speaker.

    A named tuple rather than a frozen dataclass like the others: a folder of
    transcripts has hundreds of thousands of turns, and a tuple is built
    several times faster and goes into the turns table as it is."""

    n: int  # 1-based turn number within the source
    speaker: str
    start: int
    end: int
    timestamp: str | None = None  # "00:01:02.500" where the file had one


@dataclass(frozen=True)
class ParsedSource:
    """What an importer makes of one file, before it is stored."""

    text: str
    turns: tuple[Turn, ...] = ()
    kind: str = "conversation"  # "conversation" | "survey answer" | "document"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    id: int
    participant: str  # pid
    title: str
    kind: str
    content_hash: str
    origin: str
    imported_at: str
    length: int


@dataclass(frozen=True)
class Theme:
    id: int
    uuid: str
    name: str
    parent_id: int | None
    path: str
    depth: int
    colour: str = ""
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    position: int = 0


@dataclass(frozen=True)
class Excerpt:
    id: int
    source_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Coding:
    id: int
    excerpt_id: int
    theme_id: int
    coder: str
    created_at: str


@dataclass(frozen=True)
class Passage:
    """A coded excerpt as a query returns it: who, where, which themes."""

    excerpt_id: int
    participant: str
    group: str
    source_id: int
    source_title: str
    start: int
    end: int
    text: str
    themes: tuple[str, ...]  # theme paths
    coders: tuple[str, ...]
    quote_number: int | None = None
    quote_status: str = "candidate"
    display_text: str | None = None
    memos: tuple[Memo, ...] = ()  # memos on the excerpt

    @property
    def quote_id(self) -> str:
        return f"Q-{self.quote_number:03d}" if self.quote_number else ""

    def as_dict(self) -> dict:
        return {
            "excerpt": self.excerpt_id,
            "participant": self.participant,
            "group": self.group,
            "source": self.source_id,
            "source_title": self.source_title,
            "start": self.start,
            "end": self.end,
            "themes": list(self.themes),
            "coders": list(self.coders),
            "quote": self.quote_id,
            "status": self.quote_status,
            "text": self.text,
            "display_text": self.display_text,
            "memos": [{"id": m.id, "author": m.author, "created_at": m.created_at, "text": m.text}
                      for m in self.memos],
        }


@dataclass(frozen=True)
class ThemeStat:
    """Counts for one theme within a scope of participants."""

    theme: Theme
    excerpts: int
    participants: int
    in_scope: int  # participants in scope (the denominator)


@dataclass(frozen=True)
class Memo:
    id: int
    target_kind: str  # project | theme | participant | source | excerpt
    target_id: int | None
    text: str
    author: str
    created_at: str
    updated_at: str = ""
    target: str = ""  # what it is on, for people: "theme Stigma and shame", "excerpt 12 (VoS-AL-04 …)"

    def as_dict(self) -> dict:
        return {"id": self.id, "on": self.target_kind, "target_id": self.target_id,
                "target": self.target, "author": self.author, "created_at": self.created_at,
                "updated_at": self.updated_at or self.created_at, "text": self.text}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    details: dict
