"""Codebooks that name codes by their full path, flat: Taguette's CSV and .qdc.

Taguette 1.5.2 has no code hierarchy; its tags are named with the full path
(``Reporting mechanisms/Awareness of ...``), in its CSV codebook (columns
``tag,description,...``; it imports a CSV with exactly one of the columns
``tag``, ``name`` or ``path``, and an optional ``description``) and in its
.qdc (flat ``<Code>`` elements). Here such names are split on ``/`` back into
a tree, and a tree is written as Taguette reads it. A theme's inclusion and
exclusion notes travel inside the description, as in .qdc files.
"""

from __future__ import annotations

import csv
import io

from vos_coder.core.model import PATH_SEP, Theme
from vos_coder.errors import InvalidInput
from vos_coder.refi.codebook import join_description
from vos_coder.refi.model import Code

NAME_COLUMNS = ("tag", "name", "path", "theme")  # Taguette's three; ``themes list``'s own
TAGUETTE_MAX_PATH = 200  # Taguette refuses longer tag paths


def taguette_csv(themes: list[Theme]) -> str:
    """The codebook as Taguette imports it: ``tag`` (the full path) and ``description``."""
    long = [t.path for t in themes if len(t.path) > TAGUETTE_MAX_PATH]
    if long:
        raise InvalidInput(f"theme {long[0]!r} has a path longer than the {TAGUETTE_MAX_PATH} "
                           "characters Taguette accepts; shorten it (vos-coder themes rename)")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["tag", "description"])
    for t in themes:  # parents before children
        w.writerow([t.path, join_description(t)])
    return buf.getvalue()


def sniff_csv(text: str) -> bool:
    """True when the first line is a CSV header naming a tag, name, path or theme column."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return any(c.strip().lower() in NAME_COLUMNS for c in header)


def read_csv(text: str, what: str) -> list[tuple[str, str, str]]:
    """(path, description, colour) rows of a CSV codebook (Taguette's, or
    ``themes list --format csv``)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise InvalidInput(f"{what} is empty; expected a CSV codebook with a tag column")
    header = [c.strip().lower() for c in rows[0]]
    found = [c for c in NAME_COLUMNS if c in header]
    if len(found) != 1:
        raise InvalidInput(
            f"{what}: expected a CSV codebook with one column of theme names (tag, name, path "
            f"or theme); its header has {', '.join(found) if found else 'none of them'}")
    col = header.index(found[0])
    desc = header.index("description") if "description" in header else None
    colour = next((header.index(c) for c in ("colour", "color") if c in header), None)
    out: list[tuple[str, str, str]] = []
    for line, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) <= col or not row[col].strip():
            raise InvalidInput(f"{what} line {line}: the {found[0]} column is empty")
        out.append((row[col].strip(),
                    row[desc].strip() if desc is not None and len(row) > desc else "",
                    row[colour].strip() if colour is not None and len(row) > colour else ""))
    return out


def tree_from_paths(items: list[tuple[str, Code]]) -> tuple[list[Code], list[str]]:
    """Codes named by full path, as a tree. ``items`` are (path, code) pairs; a
    parent missing from them is made, and said."""
    top: list[Code] = []
    by_path: dict[str, Code] = {}
    notes: list[str] = []
    for path, code in items:
        parts = [" ".join(p.split()) for p in path.split(PATH_SEP) if p.strip()]
        if not parts:
            continue
        siblings, prefix = top, ""
        for depth, part in enumerate(parts):
            prefix = f"{prefix}{PATH_SEP}{part}" if prefix else part
            key = prefix.casefold()
            last = depth == len(parts) - 1
            if key not in by_path:
                node = code if last else Code(guid="", name=part)
                if not last:
                    notes.append(f"made theme {prefix!r} as the parent of {path!r}")
                node.name = part
                node.children = node.children if last else []
                by_path[key] = node
                siblings.append(node)
            elif last:  # a parent made earlier now has its own row: take its details
                node = by_path[key]
                node.guid = node.guid or code.guid
                node.description = node.description or code.description
                node.color = node.color or code.color
            siblings = by_path[key].children
        if len(parts) > 1:
            notes.append(f"code {path!r} became theme {parts[-1]!r} under "
                         f"{PATH_SEP.join(parts[:-1])!r}")
    return top, notes


def unflatten(codes: list[Code], origin: str) -> tuple[list[Code], list[str]]:
    """A flat codebook whose names hold the hierarchy (``A/B``), as a tree; any
    other codebook unchanged. Flat names count as paths when Taguette wrote the
    file, or when every slashed name's first part is itself a code."""
    if any(c.children for c in codes) or not any(PATH_SEP in c.name for c in codes):
        return codes, []
    names = {" ".join(c.name.split()).casefold() for c in codes}
    slashed = [c for c in codes if PATH_SEP in c.name]
    if not origin.lower().startswith("taguette") and not all(
            " ".join(c.name.split(PATH_SEP)[0].split()).casefold() in names for c in slashed):
        return codes, []
    return tree_from_paths([(c.name, c) for c in codes])
