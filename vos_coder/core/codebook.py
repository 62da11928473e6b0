"""Codebook trees as plain data: ordering, paths, and the readable file form.

A codebook file (YAML or JSON) holds ``{"name": ..., "themes": [node, ...]}``
where a node is ``{"name", "description", "inclusion", "exclusion", "colour",
"uuid", "children": [...]}``; everything but ``name`` is optional.
"""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Iterable

from vos_coder.core.model import PATH_SEP
from vos_coder.errors import InvalidInput

NAMESPACE = uuid_mod.UUID("6f1c6f5e-3d0a-4d7e-9a55-0b5c2a1e9d11")
NODE_FIELDS = ("description", "inclusion", "exclusion", "colour")

# A palette that reads on dark and light terminals; themes without a colour take the next one.
PALETTE = (
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2",
    "#ff9da6", "#9d755d", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
)


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a theme name cannot be empty")
    if PATH_SEP in name:
        raise InvalidInput(f"theme name {name!r} may not contain '{PATH_SEP}' (it separates levels)")
    return name


def split_path(path: str) -> list[str]:
    return [" ".join(p.split()) for p in path.split(PATH_SEP) if p.strip()]


def stable_uuid(path: str) -> str:
    """A UUID derived from the theme path, so a starter codebook gets the same
    UUIDs in every project (merging copies then matches themes by UUID)."""
    return str(uuid_mod.uuid5(NAMESPACE, path))


def check_colour(colour: str) -> str:
    colour = colour.strip()
    if colour and not (colour.startswith("#") and len(colour) in (4, 7)
                       and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
        raise InvalidInput(f"colour {colour!r} must be a hex colour such as #4c78a8")
    return colour.lower()


def validate_tree(data: object) -> list[dict]:
    """Check a loaded codebook file; return its top-level nodes."""
    if isinstance(data, dict):
        nodes = data.get("themes")
    else:
        nodes = data
    if not isinstance(nodes, list):
        raise InvalidInput("a codebook file needs a list of themes under 'themes'")

    def walk(items: Iterable, where: str) -> None:
        seen: set[str] = set()
        for node in items:
            if not isinstance(node, dict) or not isinstance(node.get("name"), str):
                raise InvalidInput(f"every theme needs a name (under {where or 'the top level'})")
            name = check_name(node["name"])
            if name in seen:
                raise InvalidInput(f"theme {name!r} appears twice under {where or 'the top level'}")
            seen.add(name)
            for field in NODE_FIELDS:
                if field in node and not isinstance(node[field], str | None):
                    raise InvalidInput(f"theme {name!r}: {field} must be text")
            children = node.get("children") or []
            if not isinstance(children, list):
                raise InvalidInput(f"theme {name!r}: children must be a list")
            walk(children, f"{where}{PATH_SEP}{name}" if where else name)

    walk(nodes, "")
    return nodes
