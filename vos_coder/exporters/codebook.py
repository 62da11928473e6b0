"""Memos in a codebook export: each theme's memos beside its definition,
passed through the disclosure gate before anything is written."""

from __future__ import annotations

from typing import Any

from vos_coder.exporters.gate import GateOptions, pre_export
from vos_coder.exporters.quoteset import memo_line
from vos_coder.privacy import outgoing as o
from vos_coder.privacy.disclosure import Checked


def add_theme_memos(project: Any, data: dict[str, Any], allow_flagged: bool = False,
                    options: GateOptions | None = None) -> int:
    """Put ``memos: [...]`` on every theme node of ``data`` (from
    ``export_codebook``) that has memos; gate them; return how many."""
    by_uuid = {t.uuid: t for t in project.themes()}
    memos: dict[int, list] = {}
    for m in project.memos_on(("theme", t.id) for t in by_uuid.values()):
        memos.setdefault(m.target_id, []).append(m)
    outgoing: list[Checked] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            t = by_uuid.get(node.get("uuid", ""))
            found = memos.get(t.id, []) if t else []
            if found:
                node["memos"] = [memo_line(m) for m in found]
                outgoing.extend(c for m in found for c in (o.memo(m), o.coder(m.author)))
            walk(node.get("children", []))

    walk(data.get("themes", []))
    pre_export(project, outgoing, allow_flagged=allow_flagged, what="codebook export",
               options=options)
    return sum(len(n) for n in memos.values())
