"""What a REFI-QDA (QDA-XML 1.0) project or codebook holds, as plain data.

These are the parts vos-coder reads and writes: users, the code tree, variables,
cases, text sources with their selections and codings, and notes. Positions in
``Selection`` count Unicode code points of the source's plain text file, with
``end`` exclusive (one past the last character; see ``positions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class User:
    guid: str
    name: str


@dataclass
class Code:
    guid: str
    name: str
    color: str = ""
    description: str = ""
    codable: bool = True
    children: list[Code] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class Variable:
    guid: str
    name: str
    type: str = "Text"  # Text | Boolean | Integer | Float | Date | DateTime


@dataclass
class VariableValue:
    variable: str  # the Variable's guid
    value: str
    type: str = "Text"  # which <...Value> element carries it (Text, Boolean...)


@dataclass
class Case:
    guid: str
    name: str
    description: str = ""
    values: list[VariableValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)


@dataclass
class CodingRef:
    """A coding: a code applied to a selection (or a whole source) by a user."""

    guid: str
    code: str  # the Code's guid
    user: str = ""  # the creating User's guid
    created: str = ""  # ISO date-time as written


@dataclass
class Selection:
    guid: str
    start: int
    end: int  # exclusive
    name: str = ""
    user: str = ""
    created: str = ""
    codings: list[CodingRef] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class TextSource:
    guid: str
    name: str
    plain_text_path: str = ""  # as written in the file (internal://x.txt, x.txt...)
    rich_text_path: str = ""
    content: str | None = None  # PlainTextContent, or the plain text file once read
    description: str = ""
    selections: list[Selection] = field(default_factory=list)
    codings: list[CodingRef] = field(default_factory=list)  # codings of the whole source
    note_refs: list[str] = field(default_factory=list)
    values: list[VariableValue] = field(default_factory=list)
    bom: bool = False  # the plain text file began with a byte-order mark
    missing: str = ""  # why its text could not be read ('' when it was)


@dataclass
class Note:
    guid: str
    name: str
    text: str
    user: str = ""
    created: str = ""


@dataclass
class Link:
    guid: str
    origin: str
    target: str
    name: str = ""


@dataclass
class QdaProject:
    """A parsed project.qde (or, with only ``codes``, a .qdc codebook)."""

    name: str = ""
    origin: str = ""
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    project_note_refs: list[str] = field(default_factory=list)
    source_guids: set[str] = field(default_factory=set)  # every source, of any kind
    skipped: list[str] = field(default_factory=list)  # sources we do not handle, one line each
    warnings: list[str] = field(default_factory=list)

    def all_codes(self) -> list[Code]:
        """Every code of the tree, parents before children."""
        out: list[Code] = []

        def walk(codes: list[Code]) -> None:
            for c in codes:
                out.append(c)
                walk(c.children)

        walk(self.codes)
        return out


def utc_datetime(value: str) -> datetime | None:
    """An ISO date-time as an aware UTC datetime (a time without an offset is
    taken as UTC), or None when it does not parse."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)
