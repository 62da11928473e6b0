"""The filter syntax shared by the CLI's ``query`` and the workbench's
filter bars: ``-p VoS-AL-04 --group survivor --where town_type=rural
--coder amira --status approved`` (options as ``query`` spells them).

Pure parsing: the store applies a Filter, the faces only read one from the user."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from vos_coder.errors import InvalidInput

OPTIONS = {
    "--participant": "participants", "-p": "participants",
    "--group": "group", "-g": "group",
    "--where": "where", "-w": "where",
    "--coder": "coder",
    "--status": "status",
}
EXAMPLE = "-p VoS-AL-04 --group survivor --where town_type=rural --coder amira --status approved"


def parse_where(items: Sequence[str], what: str = "--where") -> dict[str, str]:
    """``["town_type=rural", "age=19"]`` -> {"town_type": "rural", "age": "19"}.
    ``what`` names the argument in the error message."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"{what} {item!r} must be ATTRIBUTE=VALUE, like town_type=rural")
        out[name.strip()] = value.strip()
    return out


def check_status(status: str | None) -> str | None:
    """A quote status filter: candidate, approved or excluded (None: any)."""
    if status is None or status == "":
        return None
    from vos_coder.core.model import QUOTE_STATUSES  # (the value types load when needed)

    value = status.strip().lower()
    if value not in QUOTE_STATUSES:
        raise InvalidInput(f"--status {status!r}: choose {', '.join(QUOTE_STATUSES)}")
    return value


@dataclass(frozen=True)
class Filter:
    """Who and which codings are in view."""

    participants: tuple[str, ...] = ()
    group: str | None = None
    where: tuple[tuple[str, str], ...] = ()
    coder: str | None = None
    status: str | None = None

    @property
    def empty(self) -> bool:
        return self == Filter()

    @property
    def where_dict(self) -> dict[str, str]:
        return dict(self.where)

    @property
    def narrows_codings(self) -> bool:
        """Whether the filter keeps only some codings (not only some people)."""
        return bool(self.coder or self.status)

    def describe(self) -> str:
        """The filter in the syntax it was typed in (``query``'s options)."""
        parts = [f"-p {shlex.quote(p)}" for p in self.participants]
        if self.group:
            parts.append(f"--group {shlex.quote(self.group)}")
        parts += [f"--where {shlex.quote(f'{k}={v}')}" for k, v in self.where]
        if self.coder:
            parts.append(f"--coder {shlex.quote(self.coder)}")
        if self.status:
            parts.append(f"--status {self.status}")
        return " ".join(parts)


def parse_filter(text: str) -> Filter:
    """Read a filter typed as ``query``'s options; one clear error otherwise."""
    try:
        words = shlex.split(text or "")
    except ValueError as exc:
        raise InvalidInput(f"filter: {exc}; close the quote") from None
    values: dict[str, list[str]] = {"participants": [], "group": [], "where": [], "coder": [],
                                    "status": []}
    i = 0
    while i < len(words):
        word = words[i]
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        field = OPTIONS.get(name)
        if field is None:
            raise InvalidInput(f"filter: {word!r} is not an option; use {', '.join(sorted(set(OPTIONS) - {'-g', '-w'}))}"
                               f", like: {EXAMPLE}")
        if eq:
            value = inline
        elif i + 1 < len(words):
            i += 1
            value = words[i]
        else:
            raise InvalidInput(f"filter: {word} needs a value, like: {EXAMPLE}")
        values[field].append(value)
        i += 1
    for single in ("group", "coder", "status"):
        if len(values[single]) > 1:
            raise InvalidInput(f"filter: give --{single} once")
    return Filter(
        participants=tuple(dict.fromkeys(values["participants"])),
        group=(values["group"] or [None])[0],
        where=tuple(parse_where(values["where"]).items()),
        coder=(values["coder"] or [None])[0],
        status=check_status((values["status"] or [None])[0]),
    )
