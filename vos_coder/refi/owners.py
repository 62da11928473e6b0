"""Whose a source is, when the file does not say, and what case variables mean.

Some tools lose the link between cases and sources (QualCoder 4.0 writes no
``<SourceRef>``; survey answers there carry no case at all). A source without
a case is matched to a participant whose identifier stands alone in its title
(``FW-01 open_awareness`` -> FW-01; ``FW-1`` never matches ``FW-10``), among
the file's cases and the project's participants; failing that, to an
identifier of the project's own scheme in the title. A title naming no one, or
more than one, is kept under one placeholder participant and listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vos_coder.core.ids import IdScheme
from vos_coder.refi.model import Case, Variable

PLACEHOLDER = "unassigned"  # participant (and group) for sources that name no one
MULTI_SEP = ": "
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}


class Owners:
    """Matches source titles to participant identifiers."""

    def __init__(self, known: Iterable[str], scheme: IdScheme) -> None:
        self.known = sorted({k for k in known if k.strip()}, key=len, reverse=True)
        self.scheme = scheme
        self._patterns = {k: re.compile(rf"(?<![A-Za-z0-9]){re.escape(k)}(?![A-Za-z0-9])",
                                        re.IGNORECASE) for k in self.known}

    def match(self, title: str) -> tuple[str | None, list[str]]:
        """(identifier, []) when one known identifier or one of the scheme's stands in
        the title; (None, the identifiers found) otherwise."""
        spans = {k: [m.span() for m in self._patterns[k].finditer(title)] for k in self.known}
        spans = {k: v for k, v in spans.items() if v}

        def inside_another(k: str) -> bool:  # "AL-01" within "VoS-AL-01" at the same place
            return all(any(o != k and a <= s and e <= b for o, ov in spans.items()
                           for a, b in ov) for s, e in spans[k])

        found = [k for k in spans if not inside_another(k)]
        if len(found) == 1:
            return found[0], []
        if found:
            return None, found
        ids = {m.group(0) for m in self.scheme.pattern.finditer(title)}
        if len(ids) == 1:
            return ids.pop(), []
        return None, sorted(ids)


def multi_select(variables: list[Variable], cases: list[Case]) -> dict[str, tuple[str, str]]:
    """Boolean variables that are options of one multi-select attribute, as vos-coder
    writes them (``<attribute>: <option>``, at least two per attribute, every value
    true or false): variable guid -> (attribute, option)."""
    values: dict[str, set[str]] = {}
    for case in cases:
        for vv in case.values:
            values.setdefault(vv.variable, set()).add(vv.value.strip().lower())
    groups: dict[str, list[tuple[str, str]]] = {}
    for v in variables:
        attr, sep, option = v.name.partition(MULTI_SEP)
        seen = values.get(v.guid, set())
        if sep and attr.strip() and option.strip() and seen and seen <= TRUE | FALSE:
            groups.setdefault(attr.strip(), []).append((v.guid, option.strip()))
    return {g: (attr, option) for attr, members in groups.items() if len(members) > 1
            for g, option in members}
