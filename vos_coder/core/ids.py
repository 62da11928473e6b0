"""Participant identifiers such as ``VoS-AL-04``: study prefix, ISO 3166-1
alpha-2 country code, two-digit number. The scheme is a project setting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vos_coder.errors import InvalidInput

COUNTRIES = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "CO": "Colombia",
    "MX": "Mexico",
    "MD": "Moldova",
    "PE": "Peru",
}


@dataclass(frozen=True)
class IdScheme:
    """Which identifiers a project accepts: ``{study}-{country}-{NN}``."""

    study: str = "VoS"
    countries: tuple[str, ...] = ("AL",)

    @property
    def pattern(self) -> re.Pattern[str]:
        countries = "|".join(re.escape(c) for c in self.countries)
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(self.study)}-({countries})-(\d{{2}})(?!\d)")

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

    def from_filename(self, name: str) -> str | None:
        """The identifier a file name starts with or contains, if any
        (``VoS-AL-04.txt``, ``VoS-AL-04_interview2.docx``)."""
        match = self.pattern.search(name)
        return match.group(0) if match else None


def check_scheme(study: str, countries: tuple[str, ...]) -> IdScheme:
    """Validate the parts of a scheme given on the command line."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,15}", study):
        raise InvalidInput(f"study prefix {study!r} must be letters and digits, like VoS")
    for c in countries:
        if not re.fullmatch(r"[A-Z]{2}", c):
            raise InvalidInput(f"country code {c!r} must be two capital letters (ISO 3166-1), like AL")
    return IdScheme(study, tuple(countries))
