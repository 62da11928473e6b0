"""Memos in a codebook export: each theme's memos beside its definition,
passed through the disclosure gate before anything is written."""

from __future__ import annotations

from typing import Any

from vos_coder.exporters.gate import OutgoingText, pre_export
from vos_coder.exporters.quoteset import memo_line


def add_theme_memos(project: Any, data: dict[str, Any], allow_flagged: bool = False) -> int:
    """Put ``memos: [...]`` on every theme node of ``data`` (from
    ``export_codebook``) that has memos; gate them; return how many."""
    by_uuid = {t.uuid: t for t in project.themes()}
    memos: dict[int, list] = {}
    for m in project.memos_on(("theme", t.id) for t in by_uuid.values()):
        memos.setdefault(m.target_id, []).append(m)
    outgoing: list[OutgoingText] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            t = by_uuid.get(node.get("uuid", ""))
            found = memos.get(t.id, []) if t else []
            if found:
                node["memos"] = [memo_line(m) for m in found]
                outgoing.extend(OutgoingText("", None, memo_line(m), f"theme {t.path} memo {m.id}")
                                for m in found)
            walk(node.get("children", []))

    walk(data.get("themes", []))
    pre_export(project, outgoing, allow_flagged=allow_flagged, what="codebook export")
    return len(outgoing)
