"""One exception hierarchy. Every error a user can cause is a VosError whose
message is one clear line: what is wrong and what to do. The CLI prints it on
stderr and exits non-zero; the TUI shows it as a notification."""

from __future__ import annotations


class VosError(Exception):
    """Base of every user-facing error."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class ProjectError(VosError):
    """The project file cannot be created or opened as asked."""


class NotFound(VosError):
    """A named thing (theme, participant, source, coding) does not exist."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None) -> None:
        self.kind, self.name = kind, name
        self.suggestions = suggestions or []
        msg = f"no {kind} named {name!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


class InvalidInput(VosError):
    """An argument or value is malformed."""

    exit_code = 2


class ImportFailed(VosError):
    """A file could not be imported; nothing of it was stored."""


class Conflict(VosError):
    """The action clashes with what the project holds (a name exists, codings remain...)."""


class UnfaithfulQuote(VosError):
    """A quote's display text departs from its source."""


class DisclosureBlocked(VosError):
    """An export would publish text that the disclosure check flagged."""


class Duplicate(Conflict):
    """The same content is already in the project."""


class Unfinished(ProjectError):
    """A change was saved but its clean-up (scrubbing the project file, the key
    file) did not finish; the message says what state things are in and that
    running the same command again finishes it."""


class DuplicateOfAnother(Conflict):
    """The same transcript text is already stored under another participant:
    an error (not a skip), since nothing is stored for the one the user named."""
