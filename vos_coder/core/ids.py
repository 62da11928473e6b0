"""Participant identifiers such as ``VoS-AL-04``: study prefix, ISO 3166-1
alpha-2 country code, a two-digit number (or three digits from 100, ``VoS-AL-104``).
The scheme is a project setting, and so is the pattern that finds the
identifier in a file name (``init --id-pattern``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from vos_coder.errors import InvalidInput

COUNTRIES = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "CO": "Colombia",
    "MX": "Mexico",
    "MD": "Moldova",
    "PE": "Peru",
}


# Two digits (04), or three from 100 (104); 004 is refused as a likely typo of 04.
NUMBER = r"(?:\d{2}|[1-9]\d{2})"


@dataclass(frozen=True)
class IdScheme:
    """Which identifiers a project accepts: ``{study}-{country}-{NN}`` (or NNN
    from 100), and the pattern a file name must fit to name its participant
    (``file_pattern``; None: the default, see :meth:`name_pattern`)."""

    study: str = "VoS"
    countries: tuple[str, ...] = ("AL",)
    file_pattern: str | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        countries = "|".join(re.escape(c) for c in self.countries)
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(self.study)}-({countries})-({NUMBER})(?!\d)")

    def name_pattern(self) -> str:
        """The regular expression a file name without its suffix must fit
        whole; the participant is its group ``id`` (else its first group, else
        the whole match). The
        default takes ``VoS-AL-04``, ``VoS-AL-104``, and either followed by
        ``_anything`` or `` anything``."""
        if self.file_pattern:
            return self.file_pattern
        countries = "|".join(re.escape(c) for c in self.countries)
        if len(self.countries) > 1:
            countries = f"(?:{countries})"
        return rf"(?P<id>{re.escape(self.study)}-{countries}-{NUMBER})(?:[_ ].*)?"

    def example(self) -> str:
        return f"{self.study}-{self.countries[0]}-04"

    def is_valid(self, pid: str) -> bool:
        return self.pattern.fullmatch(pid) is not None

    def validate(self, pid: str) -> str:
        if not self.is_valid(pid):
            raise InvalidInput(
                f"{pid!r} does not fit the project's identifier scheme "
                f"(like {self.example()}); pass --participant to name it anyway"
            )
        return pid

    def from_filename(self, name: str, pattern: str | None = None) -> str | None:
        """The participant a file name names, by ``pattern`` (default: the
        project's :meth:`name_pattern`) fitted to the whole name without its
        suffix: ``VoS-AL-04.txt``, ``VoS-AL-104_interview2.docx``,
        ``VoS-AL-04 session 2.docx``. None when the name does not fit."""
        match = file_regex(pattern or self.name_pattern()).fullmatch(PurePath(name).stem)
        if match is None:
            return None
        group = "id" if "id" in match.re.groupindex else (1 if match.re.groups else 0)
        return (match.group(group) or "").strip() or None


def check_scheme(study: str, countries: tuple[str, ...]) -> IdScheme:
    """Validate the parts of a scheme given on the command line."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,15}", study):
        raise InvalidInput(f"study prefix {study!r} must be letters and digits, like VoS")
    for c in countries:
        if not re.fullmatch(r"[A-Z]{2}", c):
            raise InvalidInput(f"country code {c!r} must be two capital letters (ISO 3166-1), like AL")
    return IdScheme(study, tuple(countries))


def file_regex(pattern: str, option: str = "--id-pattern") -> re.Pattern[str]:
    """Compile a file-name pattern, or say in one line why it cannot be used."""
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise InvalidInput(f"{option} {pattern!r} is not a regular expression ({exc}); "
                           r"for example (?P<id>VoS-AL-\d+)(?:_.*)?") from None
    return regex
