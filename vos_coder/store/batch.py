"""Batch coding: many rows checked first, then applied in one transaction as
one undo step (`vos-coder code --from FILE`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vos_coder.core.batch import CodingRow
from vos_coder.errors import VosError
from vos_coder.store._base import ProjectBase, default_actor

Key = tuple[int, int, int, int, str]  # source id, start, end, theme id, coder


@dataclass(frozen=True)
class BatchPlan:
    """Rows resolved against the project: what would be coded, and memos."""

    codings: tuple[Key, ...]
    memos: tuple[tuple[int, int, int, str, str], ...]  # source, start, end, coder, text
    rows: int


@dataclass(frozen=True)
class BatchResult:
    rows: int
    added: int
    present: int
    memos: int


class BatchCodingMixin(ProjectBase):
    def plan_codings(self, rows: Sequence[CodingRow], coder: str | None = None
                     ) -> tuple[BatchPlan, list[tuple[int, str]]]:
        """Resolve every row (source, span or match, themes); nothing is written.
        Returns the plan and, for rows that cannot be coded, (line, why)."""
        coder = coder or default_actor()
        sources: dict[str, tuple[int, int]] = {}  # ref -> (id, length)
        themes: dict[str, int] = {}
        codings: dict[Key, None] = {}
        memos: list[tuple[int, int, int, str, str]] = []
        bad: list[tuple[int, str]] = []
        for row in rows:
            try:
                if row.start is None:
                    src, start, end = self.locate(row.source, row.match or "")  # type: ignore[attr-defined]
                    sid = src.id
                else:
                    if row.source not in sources:
                        src = self.source(row.source)  # type: ignore[attr-defined]
                        sources[row.source] = (src.id, src.length)
                    sid, length = sources[row.source]
                    start, end = row.start, row.end or 0
                    if end > length:
                        raise VosError(f"span {start}:{end} lies outside source {sid} (0:{length})")
                self._check_passage(sid, start, end, new_only=True)  # type: ignore[attr-defined]
                ids = []
                for name in row.themes:
                    if name not in themes:
                        themes[name] = self.theme(name).id  # type: ignore[attr-defined]
                    ids.append(themes[name])
            except VosError as exc:
                bad.append((row.line, str(exc)))
                continue
            who = row.coder or coder
            for tid in ids:
                codings[(sid, start, end, tid, who)] = None
            if row.memo:
                memos.append((sid, start, end, who, row.memo))
        return BatchPlan(tuple(codings), tuple(memos), len(rows)), bad

    def apply_codings(self, plan: BatchPlan, coder: str | None = None, label: str = "") -> BatchResult:
        """Apply a plan in one transaction, recorded as one undo step of ``coder``
        (who ran it): `vos-coder undo` removes every coding it added."""
        coder = coder or default_actor()
        with self.transaction():
            present = self._present(plan.codings)
            new = [k for k in plan.codings if k not in present]
            if new:
                self.code_many(new)  # type: ignore[attr-defined]
                self._record("code", coder, [  # type: ignore[attr-defined]
                    {"source": s, "start": a, "end": b, "theme": t, "coder": c} for s, a, b, t, c in new])
            n_memos = 0
            for sid, start, end, who, text in plan.memos:
                eid = self.q1('SELECT id FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?',
                              [sid, start, end])
                if self.q1("SELECT 1 FROM memos WHERE target_kind = 'excerpt' AND target_id = ? "
                           "AND text = ?", [eid, text.strip()]):
                    continue  # the same memo from an earlier run
                self.add_memo("excerpt", eid, text, who)  # type: ignore[attr-defined]
                n_memos += 1
            self.audit("code.batch", coder, file=label, rows=plan.rows, added=len(new),
                       memos=n_memos)
        return BatchResult(plan.rows, len(new), len(plan.codings) - len(new), n_memos)

    def _present(self, keys: Sequence[Key]) -> set[Key]:
        sids = sorted({k[0] for k in keys})
        found: set[Key] = set()
        for i in range(0, len(sids), 900):
            part = sids[i:i + 900]
            for r in self.db.execute(
                    'SELECT e.source_id, e.start, e."end", c.theme_id, c.coder FROM codings c '
                    "JOIN excerpts e ON e.id = c.excerpt_id "
                    f"WHERE e.source_id IN ({','.join('?' * len(part))})", part):
                found.add(tuple(r))  # type: ignore[arg-type]
        return found
