"""Applying a Filter (core/filters.py) the way ``query`` does: to passages,
to participants, and to search hits."""

from __future__ import annotations

from collections.abc import Sequence

from vos_coder.core.filters import Filter
from vos_coder.core.model import Memo, Passage
from vos_coder.store._base import ProjectBase


class FilterMixin(ProjectBase):
    def filtered_passages(self, f: Filter, themes: Sequence[str | int] = ()) -> list[Passage]:
        """The coded passages the filter keeps (``query`` with the same options)."""
        return self.query(themes, f.participants, f.group, f.where_dict,  # type: ignore[attr-defined]
                          coder=f.coder, status=f.status)

    def check_filter(self, f: Filter) -> Filter:
        """Refuse a filter naming a participant, group, attribute or coder the
        project does not have (with suggestions); return it otherwise."""
        self.pids_in(f)
        self.check_coder(f.coder)  # type: ignore[attr-defined]
        return f

    def pids_in(self, f: Filter) -> set[str]:
        """Identifiers of the (active) participants the filter keeps."""
        scope, params = self._scope(f.group, f.where_dict, f.participants)  # type: ignore[attr-defined]
        return {r["pid"] for r in self.q(f"SELECT p.pid FROM participants p WHERE {scope}", params)}

    def filter_hits(self, f: Filter, hits: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Search hits in the filter's participants; with --coder or --status,
        only hits inside a passage the filter keeps."""
        if f.empty:
            return list(hits)
        pids = self.pids_in(f)
        owner = {s.id: s.participant for s in self.sources()}  # type: ignore[attr-defined]
        kept = [h for h in hits if owner.get(h[0]) in pids]
        if not f.narrows_codings:
            return kept
        spans: dict[int, list[tuple[int, int]]] = {}
        for p in self.filtered_passages(f):
            spans.setdefault(p.source_id, []).append((p.start, p.end))
        return [h for h in kept if any(a <= h[1] and h[2] <= b for a, b in spans.get(h[0], ()))]

    def filter_memos(self, f: Filter, memos: Sequence[Memo]) -> list[Memo]:
        """The memos a filter keeps: on a participant, source or excerpt of
        the filter's participants (with --coder or --status, on an excerpt
        only when it is a passage the filter keeps); memos on a theme or the
        whole project belong to no participant and are always kept."""
        if f.empty:
            return list(memos)
        pids = self.pids_in(f)
        owner: dict[tuple[str, int], str] = {}
        for r in self.q("SELECT id, pid FROM participants"):
            owner[("participant", r["id"])] = r["pid"]
        for r in self.q("SELECT s.id, p.pid FROM sources s JOIN participants p ON p.id = s.participant_id"):
            owner[("source", r["id"])] = r["pid"]
        excerpt_ids = {m.target_id for m in memos if m.target_kind == "excerpt"}
        if excerpt_ids:
            marks = ",".join("?" * len(excerpt_ids))
            for r in self.q(f"SELECT e.id, p.pid FROM excerpts e JOIN sources s ON s.id = e.source_id "
                            f"JOIN participants p ON p.id = s.participant_id WHERE e.id IN ({marks})",
                            list(excerpt_ids)):
                owner[("excerpt", r["id"])] = r["pid"]
        kept_excerpts = ({p.excerpt_id for p in self.filtered_passages(f)}
                         if f.narrows_codings and excerpt_ids else None)
        def kept(m: Memo) -> bool:
            if m.target_kind in ("project", "theme"):
                return True
            if owner.get((m.target_kind, m.target_id)) not in pids:
                return False
            return m.target_kind != "excerpt" or kept_excerpts is None or m.target_id in kept_excerpts

        return [m for m in memos if kept(m)]
