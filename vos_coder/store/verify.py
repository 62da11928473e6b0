"""The reads quote verification needs: every source with its participant's
consent and group (withdrawn participants included, since a quotation from a
withdrawn participant must be caught), candidate sources by full-text search,
and the curated quotes over a span."""

from __future__ import annotations

from collections.abc import Sequence

from vos_coder.store._base import ProjectBase


class VerifyMixin(ProjectBase):
    def verify_sources(self) -> list[dict]:
        """Every source with ``id, participant, consent, grp, attribution, label, title, text``;
        withdrawn participants' sources too."""
        return self.q(
            "SELECT s.id, p.pid AS participant, p.consent, p.grp, "
            "coalesce(g.attribution, 'identifier') AS attribution, coalesce(g.label, '') AS label, "
            "s.title, s.text FROM sources s JOIN participants p ON p.id = s.participant_id "
            "LEFT JOIN groups g ON g.name = p.grp ORDER BY s.id")

    def verify_candidates(self, words: Sequence[str], limit: int = 6) -> list[int]:
        """Ids of the sources that share most of ``words`` (FTS5 bm25, best
        first), whatever the participant's consent."""
        terms = [w.replace('"', "") for w in words if w.replace('"', "").strip()][:24]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        return [r["rowid"] for r in self.q(
            "SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT ?",
            [match, int(limit)])]

    def verify_quotes_over(self, source_id: int, start: int, end: int) -> list[dict]:
        """The curated quotes whose excerpt overlaps ``[start, end)`` of a source:
        ``excerpt_id, number, status, start, end``."""
        return self.q(
            'SELECT q.excerpt_id, q.number, q.status, e.start, e."end" AS "end" FROM quotes q '
            "JOIN excerpts e ON e.id = q.excerpt_id "
            'WHERE e.source_id = ? AND e.start < ? AND e."end" > ? ORDER BY q.number',
            [source_id, end, start])
