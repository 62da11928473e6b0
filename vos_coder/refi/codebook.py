"""Themes <-> REFI-QDA codes, for projects (.qdpx) and codebooks (.qdc).

REFI-QDA codes have one Description; vos-coder themes also have inclusion and
exclusion notes. They travel inside the Description as paragraphs starting
``Inclusion: `` and ``Exclusion: `` so that other tools show them and a
round trip restores them.
"""

from __future__ import annotations

import re
import uuid as uuid_mod
from dataclasses import dataclass, field

from vos_coder.core.model import PATH_SEP, Theme
from vos_coder.refi.model import Code
from vos_coder.store import Project

_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NAMESPACE = uuid_mod.UUID("2b0f6f9c-1c44-4c3e-9d7a-5f1e0e7c3a21")


def stable_guid(kind: str, key: str) -> str:
    """A GUID derived from what a thing is, so exports of the same data agree."""
    return str(uuid_mod.uuid5(NAMESPACE, f"{kind}:{key}"))


def is_guid(value: str) -> bool:
    return bool(_GUID.match(value or ""))


def join_description(t: Theme) -> str:
    parts = [t.description.strip()]
    if t.inclusion.strip():
        parts.append("Inclusion: " + t.inclusion.strip())
    if t.exclusion.strip():
        parts.append("Exclusion: " + t.exclusion.strip())
    return "\n\n".join(p for p in parts if p)


def split_description(text: str) -> tuple[str, str, str]:
    """(description, inclusion, exclusion) from a code's Description."""
    rest, found = "\n\n" + (text or "").strip(), {}
    for label in ("Exclusion", "Inclusion"):
        marker = f"\n\n{label}: "
        if marker in rest:
            rest, _, value = rest.rpartition(marker)
            found[label] = value.strip()
    return rest.strip(), found.get("Inclusion", ""), found.get("Exclusion", "")


def code_guid(t: Theme) -> str:
    """The GUID a theme is exported under: its UUID (stable across projects)."""
    return t.uuid.lower() if is_guid(t.uuid.lower()) else stable_guid("theme", t.path)


def themes_to_codes(themes: list[Theme]) -> list[Code]:
    """The codebook tree as REFI-QDA codes (GUID = theme UUID)."""
    by_id: dict[int, Code] = {}
    top: list[Code] = []
    for t in themes:  # parents come before children
        code = Code(guid=code_guid(t),
                    name=t.name, color=t.colour if _RGB.match(t.colour or "") else "",
                    description=join_description(t))
        by_id[t.id] = code
        (by_id[t.parent_id].children if t.parent_id in by_id else top).append(code)
    return top


def clean_name(name: str) -> str:
    """A code name as a theme name: one line, no '/' (it separates theme levels)."""
    name = " ".join((name or "").replace(PATH_SEP, "-").split())
    return name or "(unnamed code)"


@dataclass
class CodesResult:
    ids: dict[str, int] = field(default_factory=dict)  # code guid -> theme id
    added: int = 0
    updated: int = 0
    renamed: list[str] = field(default_factory=list)


def apply_codes(project: Project, codes: list[Code], update: bool) -> CodesResult:
    """Make themes for codes (inside the caller's transaction). A code matches
    a theme by GUID, then by path; matched themes take the code's description
    and colour when ``update``."""
    result = CodesResult()
    themes = project.themes()
    by_uuid = {t.uuid.lower(): t for t in themes}
    by_path = {t.path.casefold(): t for t in themes}

    def walk(items: list[Code], parent: Theme | None) -> None:
        for c in items:
            name = clean_name(c.name)
            if name != (c.name or "").strip():
                result.renamed.append(f"code {c.name!r} became theme {name!r}")
            desc, inclusion, exclusion = split_description(c.description)
            colour = c.color.lower() if _RGB.match(c.color or "") else ""
            path = f"{parent.path}{PATH_SEP}{name}" if parent else name
            t = (by_uuid.get(c.guid) if c.guid else None) or by_path.get(path.casefold())
            if t is None:
                uid = c.guid if is_guid(c.guid) else None
                t = project.add_theme(name, parent.id if parent else None, description=desc,
                                      inclusion=inclusion, exclusion=exclusion, colour=colour,
                                      uuid=uid)
                result.added += 1
            elif update:
                given = {"description": desc, "colour": colour, "inclusion": inclusion,
                         "exclusion": exclusion}
                changes = {k: v for k, v in given.items() if v and v != getattr(t, k)}
                if changes:
                    t = project.describe_theme(t.id, **changes)
                    result.updated += 1
            if c.guid:
                by_uuid.setdefault(c.guid, t)
            by_uuid.setdefault(t.uuid.lower(), t)
            by_path.setdefault(t.path.casefold(), t)
            if c.guid:
                result.ids.setdefault(c.guid, t.id)
            walk(c.children, t)

    walk(codes, None)
    return result
