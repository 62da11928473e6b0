"""Declarations for the exports written outside this package's table and
quote writers: the codebook (yaml, json, qdc), the whole project as .qdpx,
statistics tables and charts. Each returns every string the export writes,
field by field (``privacy/outgoing.py``), for the disclosure gate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vos_coder.privacy import outgoing as o
from vos_coder.privacy.disclosure import Checked


def codebook(project: Any) -> list[Checked]:
    """``themes export`` (yaml, json, qdc): the codebook name, and every
    theme's name, description, inclusion and exclusion notes."""
    items = o.setting(project, "codebook_name", "codebook", "codebook name")
    for t in project.themes():
        items.append(o.theme_name(t))
        items += o.theme_notes(t)
    return items


def qdpx(project: Any) -> list[Checked]:
    """``qdpx export``: the study name, the codebook with its notes,
    participants (cases) with groups and attributes, source titles and texts,
    coded passages, memos, and coder names (QDA users)."""
    items = o.setting(project, "study", "vos-coder", "study name") + codebook(project)[1:]
    people = project.participants()
    items += [o.participant_id(p.pid) for p in people]
    items += o.groups(project.groups(), {p.group for p in people})
    items += o.attributes(people)
    for s in project.sources():
        items.append(o.source_title(s.participant, s.id, s.title))
        items.append(o.source_text(s, project.source_text(s.id)))
    pid_of = {s.id: s.participant for s in project.sources()}
    for e in project.all_excerpts():
        items.append(o.excerpt_text(pid_of.get(e["source_id"], ""), e["id"], e["source_id"],
                                    e["start"], e["end"], e["text"]))
    memos = project.all_memos()
    items += [o.memo(m) for m in memos]
    coders = {c["coder"] for c in project.all_codings()} | {m.author for m in memos}
    items += [o.coder(c) for c in sorted(coders) if c]
    return items


def themes_of(project: Any, paths: Iterable[str]) -> list[Checked]:
    """Theme names on the given paths (statistics rows, chart labels)."""
    return o.theme_paths(project.themes(), paths)


def attribute_fields(project: Any, names: Iterable[str], group: str | None = None) -> list[Checked]:
    """Names and values of some attributes of the participants in scope."""
    names = list(names)
    return o.attributes(project.participants(group=group), names)


def group_fields(project: Any, names: Iterable[str | None]) -> list[Checked]:
    wanted = {n for n in names if n}
    return o.groups(project.groups(), wanted) if wanted else []


def literals(*texts: tuple[str | None, str]) -> list[Checked]:
    """Strings the export adds itself: (text, where) pairs."""
    return [c for text, where in texts for c in o.literal(text, where)]
