"""Queries for teams of coders: who coded what, and the reads and writes a
merge of another coder's project file needs."""

from __future__ import annotations

from collections.abc import Sequence

from vos_coder.core.fuzzy import closest_or_all
from vos_coder.errors import NotFound
from vos_coder.store._base import ProjectBase

_ACTIVE = "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id"


class TeamMixin(ProjectBase):
    def coders(self) -> list[dict]:
        """Every coder with their number of codings, excerpts, sources and
        themes, and the first and last time they coded (UTC)."""
        return self.q(
            "SELECT c.coder, count(*) AS codings, count(DISTINCT c.excerpt_id) AS excerpts, "
            "count(DISTINCT e.source_id) AS sources, count(DISTINCT c.theme_id) AS themes, "
            "min(c.created_at) AS first, max(c.created_at) AS last "
            f"FROM codings c JOIN excerpts e ON e.id = c.excerpt_id {_ACTIVE} "
            "WHERE p.consent = 'active' GROUP BY c.coder ORDER BY c.coder")

    def check_coder(self, name: str | None) -> None:
        """Refuse a coder name that has no codings here, naming the coders that
        have (a filter on a misspelt coder would silently select nothing)."""
        if name is None:
            return
        known = [r["coder"] for r in self.coders()]
        if name not in known:
            raise NotFound("coder", name, closest_or_all(name, known))

    def coder_codings(self, coders: Sequence[str]) -> list[dict]:
        """The codings of these coders on active participants' sources:
        source_id, start, end, theme_id, coder, excerpt_id, coding_id."""
        if not coders:
            return []
        marks = ",".join("?" * len(coders))
        return self.q(
            'SELECT e.source_id, e.start, e."end", c.theme_id, c.coder, c.excerpt_id, c.id AS coding_id '
            f"FROM codings c JOIN excerpts e ON e.id = c.excerpt_id {_ACTIVE} "
            f"WHERE p.consent = 'active' AND c.coder IN ({marks}) "
            'ORDER BY e.source_id, e.start, e."end"', list(coders))

    # -- reads a merge needs (run on the other file too) -------------------------------
    def merge_sources(self) -> list[dict]:
        """Every source (withdrawn participants' too): id, pid, consent, title,
        kind, content_hash, origin."""
        return self.q("SELECT s.id, p.pid, p.consent, s.title, s.kind, s.content_hash, s.origin "
                      "FROM sources s JOIN participants p ON p.id = s.participant_id ORDER BY s.id")

    def merge_codings(self) -> list[dict]:
        """Every coding with its span: source_id, start, end, theme_id, coder."""
        return self.with_texts(self.q(  # type: ignore[attr-defined]
            'SELECT e.source_id, e.start, e."end", c.theme_id, c.coder '
            "FROM codings c JOIN excerpts e ON e.id = c.excerpt_id ORDER BY c.id"))

    def merge_memos(self) -> list[dict]:
        """Every memo: target_kind, target_id, text, author, created_at."""
        return self.q("SELECT target_kind, target_id, text, author, created_at FROM memos ORDER BY id")

    def merge_excerpt_span(self, excerpt_id: int) -> dict | None:
        rows = self.q('SELECT source_id, start, "end" FROM excerpts WHERE id = ?', [excerpt_id])
        return self.with_texts(rows)[0] if rows else None  # type: ignore[attr-defined]

    def quote_decisions(self) -> list[dict]:
        """Quotes someone decided on (approved, excluded, or given a display
        text): excerpt_id, source_id, start, end, text, status, display_text."""
        return self.with_texts(self.q(  # type: ignore[attr-defined]
            'SELECT q.excerpt_id, e.source_id, e.start, e."end", q.status, '
            "q.display_text FROM quotes q JOIN excerpts e ON e.id = q.excerpt_id "
            "WHERE q.status <> 'candidate' OR q.display_text IS NOT NULL ORDER BY q.excerpt_id"))

    def quote_decision(self, excerpt_id: int) -> dict | None:
        rows = self.q("SELECT status, display_text FROM quotes WHERE excerpt_id = ?", [excerpt_id])
        return rows[0] if rows else None

    def find_excerpt(self, source_id: int, start: int, end: int) -> int | None:
        return self.q1('SELECT id FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?',
                       [source_id, start, end])

    def table_counts(self) -> dict[str, int]:
        """How many rows the main tables hold (for merge reports and checks)."""
        return {t: self.q1(f"SELECT count(*) FROM {t}") for t in
                ("participants", "sources", "themes", "excerpts", "codings", "memos")}
