"""Bulk reads and writes for interchange (REFI-QDA) and analysis tables.

Import adds excerpts without codings and memos as another tool recorded them
(codings go through ``code_many``). Reads return every excerpt, coding or memo
of active participants in one query each.
"""

from __future__ import annotations

from bisect import bisect_right

from vos_coder.core.model import Memo
from vos_coder.errors import InvalidInput
from vos_coder.store._base import ProjectBase, now

MEMO_KINDS = ("project", "theme", "participant", "source", "excerpt")


class InterchangeMixin(ProjectBase):
    def interchange_excerpt(self, source_id: int, start: int, end: int) -> int:
        """The excerpt for a span, created (with its quote number) if new, kept
        exactly as the other project or tool recorded it (no passage rule)."""
        return self._ensure_excerpt(source_id, start, end, check=False)  # type: ignore[attr-defined]

    def interchange_memo(self, target_kind: str, target_id: int | None, text: str,
                         author: str = "", created_at: str | None = None) -> int:
        if target_kind not in MEMO_KINDS:
            raise InvalidInput(f"memo target must be one of {', '.join(MEMO_KINDS)}")
        existing = self.q1("SELECT id FROM memos WHERE target_kind = ? AND target_id IS ? "
                           "AND text = ?", [target_kind, target_id, text])
        if existing is not None:
            return existing
        at = created_at or now()
        cur = self.db.execute(
            "INSERT INTO memos(target_kind, target_id, text, author, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", [target_kind, target_id, text, author, at, at])
        return cur.lastrowid

    def all_memos(self) -> list[Memo]:
        """Every memo, except those on withdrawn participants or their sources and excerpts."""
        rows = self.q(
            "SELECT m.* FROM memos m WHERE NOT ("
            "(m.target_kind = 'participant' AND m.target_id IN "
            "  (SELECT id FROM participants WHERE consent <> 'active')) OR "
            "(m.target_kind = 'source' AND m.target_id IN (SELECT s.id FROM sources s "
            "  JOIN participants p ON p.id = s.participant_id WHERE p.consent <> 'active')) OR "
            "(m.target_kind = 'excerpt' AND m.target_id IN (SELECT e.id FROM excerpts e "
            "  JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
            "  WHERE p.consent <> 'active'))) ORDER BY m.id")
        return [Memo(r["id"], r["target_kind"], r["target_id"], r["text"], r["author"],
                     r["created_at"]) for r in rows]

    def all_excerpts(self) -> list[dict]:
        """Every excerpt of an active participant: id, source_id, start, end, text."""
        return self.with_texts(self.q(  # type: ignore[attr-defined]
            'SELECT e.id, e.source_id, e.start, e."end", e.created_at FROM excerpts e '
            "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
            "WHERE p.consent = 'active' ORDER BY e.source_id, e.start, e.\"end\""))

    def all_codings(self, group: str | None = None, coder: str | None = None) -> list[dict]:
        """One row per coding of an active participant, in participant, source and
        text order: participant, group, source, span, text, theme, coder, turn speaker."""
        sql = ('SELECT c.id, c.excerpt_id, c.theme_id, c.coder, c.created_at, e.source_id, '
               'e.start, e."end", s.title AS source, p.pid AS participant, '
               "p.grp AS grp FROM codings c JOIN excerpts e ON e.id = c.excerpt_id "
               "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
               "WHERE p.consent = 'active'")
        params: list = []
        if group:
            sql += " AND p.grp = ?"
            params.append(group)
        if coder:
            sql += " AND c.coder = ?"
            params.append(coder)
        rows = self.with_texts(self.q(  # type: ignore[attr-defined]
            sql + ' ORDER BY p.pid, s.id, e.start, e."end", c.id', params))
        turns: dict[int, tuple[list[int], list[tuple[int, str]]]] = {}
        for t in self.q('SELECT source_id, start, "end", speaker FROM turns ORDER BY source_id, start'):
            starts, spans = turns.setdefault(t["source_id"], ([], []))
            starts.append(t["start"])
            spans.append((t["end"], t["speaker"]))
        for r in rows:
            r["speaker"] = ""
            if r["source_id"] in turns:
                starts, spans = turns[r["source_id"]]
                i = bisect_right(starts, r["start"]) - 1
                if i >= 0 and r["start"] < spans[i][0]:
                    r["speaker"] = spans[i][1]
        return rows
