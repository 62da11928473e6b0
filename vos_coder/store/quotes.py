"""Quote curation: status (candidate, approved, excluded) and display text.

Every excerpt is a quote with a stable number (``Q-017``) given when the
excerpt is made; numbers are never reused or renumbered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from vos_coder.core.model import INTERVIEWER, QUOTE_STATUSES, Passage
from vos_coder.core.quotes import check_display_text, parse_quote_ref, quote_label
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store._base import ProjectBase, now

QuoteBy = Literal["number", "excerpt"]


class QuotesMixin(ProjectBase):
    def quote_excerpt_id(self, ref: str | int, by: QuoteBy = "number") -> int:
        """The excerpt id of a quote given by number (``Q-017``, ``17``) or,
        with ``by="excerpt"``, by excerpt id."""
        if by not in ("number", "excerpt"):  # a caller's slip, never the user's input
            raise ValueError(f"by must be 'number' or 'excerpt', not {by!r}")
        n = parse_quote_ref(ref) if by == "number" else (int(ref) if str(ref).strip().isdigit() else -1)
        if n < 0:
            raise InvalidInput(f"{ref!r} is not a quote number; write it like Q-017 or 17")
        col = "number" if by == "number" else "excerpt_id"
        found = self.q1(f"SELECT excerpt_id FROM quotes WHERE {col} = ?", [n])
        if found is None:
            kind = "quote" if by == "number" else "excerpt"
            shown = quote_label(n) if by == "number" else str(n)
            raise NotFound(kind, shown, hint_numbers(self, n) if by == "number" else None)
        return found

    def quote(self, ref: str | int, by: QuoteBy = "number") -> Passage:
        """One quote as a Passage (with its themes, status and display text).
        Quotes of withdrawn participants are not found."""
        eid = self.quote_excerpt_id(ref, by)
        rows = self.q(
            'SELECT e.id, e.source_id, e.start, e."end", p.pid, p.grp, p.consent, s.title, '
            "q.number, q.status, q.display_text FROM excerpts e JOIN sources s ON s.id = e.source_id "
            "JOIN participants p ON p.id = s.participant_id JOIN quotes q ON q.excerpt_id = e.id "
            "WHERE e.id = ?", [eid])
        r = self.with_texts(rows)[0]  # type: ignore[attr-defined]
        if r["consent"] != "active":
            raise NotFound("quote", quote_label(r["number"]))
        paths = {t.id: t.path for t in self.themes()}  # type: ignore[attr-defined]
        order = {t.id: i for i, t in enumerate(self.themes())}  # type: ignore[attr-defined]
        codings = self.q("SELECT theme_id, coder FROM codings WHERE excerpt_id = ?", [eid])
        tids = sorted({c["theme_id"] for c in codings}, key=order.get)
        return Passage(r["id"], r["pid"], r["grp"], r["source_id"], r["title"], r["start"], r["end"],
                       r["text"], tuple(paths[t] for t in tids),
                       tuple(sorted({c["coder"] for c in codings})), r["number"], r["status"],
                       r["display_text"])

    def set_quote_status(self, ref: str | int, status: str, by: QuoteBy = "number") -> Passage:
        """Mark a quote candidate, approved (for publication) or excluded. A
        passage the interviewer spoke cannot be approved: a quote is a
        participant's own words."""
        if status not in QUOTE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(QUOTE_STATUSES)}")
        q = self.quote(ref, by)
        if status == "approved":
            turn = self.turn_at(q.source_id, q.start)  # type: ignore[attr-defined]
            if turn is not None and turn.speaker == INTERVIEWER:
                raise InvalidInput(
                    f"{q.quote_id} is the interviewer's words (turn {turn.n} of {q.source_title!r}, "
                    f"{q.start}:{q.end}), not {q.participant}'s; a quote is a participant's own "
                    "words, so it cannot be approved (export codings lists it, with its speaker)")
        with self.transaction():
            self.db.execute("UPDATE quotes SET status = ?, updated_at = ? WHERE excerpt_id = ?",
                            [status, now(), q.excerpt_id])
            self.audit("quote.status", quote=q.quote_id, status=status)
        return self.quote(q.excerpt_id, "excerpt")

    def set_display_text(self, ref: str | int, display: str | None, by: QuoteBy = "number") -> Passage:
        """Set the text a report prints for a quote (checked against the
        source: only ``[…]`` omissions and ``[added words]`` may differ), or
        clear it with None or an empty text."""
        q = self.quote(ref, by)
        text = check_display_text(q.text, display) if display and display.strip() else None
        with self.transaction():
            self.db.execute("UPDATE quotes SET display_text = ?, updated_at = ? WHERE excerpt_id = ?",
                            [text, now(), q.excerpt_id])
            self.audit("quote.display_text", quote=q.quote_id, cleared=text is None)
        return self.quote(q.excerpt_id, "excerpt")

    def quotes(self, themes: Sequence[str | int] = (), participants: Sequence[str] = (),
               group: str | None = None, status: str | None = None,
               where: Mapping[str, str] | None = None) -> list[Passage]:
        """Coded passages as quotes, filtered; withdrawn participants never appear."""
        if status is not None and status not in QUOTE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(QUOTE_STATUSES)} (or any)")
        return self.query(themes, participants, group, where,  # type: ignore[attr-defined]
                          status=status)


def hint_numbers(project: ProjectBase, n: int) -> list[str]:
    """Nearby existing quote numbers, as suggestions."""
    rows = project.q("SELECT number FROM quotes ORDER BY abs(number - ?) LIMIT 3", [n])
    return [quote_label(r["number"]) for r in rows]
