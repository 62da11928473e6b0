"""Reading coded passages and counting them: the questions leads ask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from vos_coder.core.filters import check_status, parse_where  # noqa: F401 (re-exported for the CLI)
from vos_coder.core.fuzzy import closest_or_all
from vos_coder.core.model import Passage, ThemeStat
from vos_coder.core.text import same_ignoring_case as _casefold
from vos_coder.errors import NotFound
from vos_coder.store._base import ProjectBase
from vos_coder.store.passage_text import like_contains
from vos_coder.store.tally import SPOKEN_BY_INTERVIEWER_IDS


class QueryMixin(ProjectBase):
    def _scope(self, group: str | None, where: Mapping[str, str] | None,
               participants: Sequence[str] = ()) -> tuple[str, list]:
        """SQL condition on ``p`` (participants) for the participants in scope:
        active, in the group, matching every attribute, among those named."""
        clauses, params = ["p.consent = 'active'"], []
        if group:
            self.group(group)
            clauses.append("p.grp = ?")
            params.append(group)
        known = set(self.attribute_names()) if where else set()
        for name, value in (where or {}).items():
            if name not in known:
                raise NotFound("attribute", name, closest_or_all(name, known))
            # Case is ignored in every alphabet (DURRËS finds Durrës), which
            # SQLite's NOCASE does only for A-Z: the few values are compared here.
            wanted = _casefold(value)
            ids = sorted({r[0] for r in self.db.execute(
                "SELECT participant_id, value FROM participant_attributes WHERE name = ?", [name])
                if _casefold(r[1]) == wanted})
            clauses.append(f"p.id IN ({','.join(str(int(i)) for i in ids)})")
        if participants:
            known = set()
            wanted = list(dict.fromkeys(participants))
            for i in range(0, len(wanted), 900):
                part = wanted[i:i + 900]
                known |= {r[0] for r in self.db.execute(
                    f"SELECT pid FROM participants WHERE pid IN ({','.join('?' * len(part))})", part)}
            pids = [pid if pid in known else self.participant(pid).pid for pid in participants]
            clauses.append(f"p.pid IN ({','.join('?' * len(pids))})")
            params += pids
        return " AND ".join(clauses), params

    def _theme_ids(self, themes: Sequence[str | int]) -> list[list[int]]:
        """For each theme named, its id and its descendants' ids."""
        return [[t.id for t in self.subtree(ref)] for ref in themes]

    def _few(self, participants: Sequence[str]) -> bool:
        """Whether the participants named are few enough (a quarter of the
        project at most) that reading their passages beats reading a theme's."""
        if not participants:
            return False
        return len(set(participants)) * 4 <= (self.q1("SELECT count(*) FROM participants") or 0)

    def query(self, themes: Sequence[str | int] = (), participants: Sequence[str] = (),
              group: str | None = None, where: Mapping[str, str] | None = None,
              search: str | None = None, coder: str | None = None, all_themes: bool = False,
              status: str | None = None) -> list[Passage]:
        """Coded passages in participant, source and text order. A theme
        includes its sub-themes; several themes match any of them (or all of
        them with ``all_themes``). Withdrawn participants never appear."""
        scope, params = self._scope(group, where, participants)
        clauses = [scope]
        coder_clause = " AND coder = ?" if coder else ""
        # A few named participants: walk their sources' excerpts (indexes on
        # pid, participant, source) and probe each one's codings, so the cost
        # follows the participants asked for, not the size of the theme.
        # Otherwise start from the theme's codings.
        by_people = self._few(participants)
        coded = ("EXISTS (SELECT 1 FROM codings c WHERE c.excerpt_id = e.id{} {})" if by_people
                 else "e.id IN (SELECT excerpt_id FROM codings WHERE 1{} {})")
        if themes:
            parts = []
            for ids in self._theme_ids(themes):
                parts.append(coded.format(f" AND theme_id IN ({','.join('?' * len(ids))})", coder_clause))
                params += ids + ([coder] if coder else [])
            clauses.append("(" + (" AND " if all_themes else " OR ").join(parts) + ")")
        else:
            clauses.append(coded.format("", coder_clause))
            params += [coder] if coder else []
        if status:
            clauses.append("COALESCE(q.status, 'candidate') = ?")
            params.append(status)
        rows = self.q(
            'SELECT e.id, e.source_id, e.start, e."end", p.pid, p.grp, s.title, '
            "q.number, q.status, q.display_text FROM "
            + ("participants p CROSS JOIN sources s ON s.participant_id = p.id "
               "CROSS JOIN excerpts e ON e.source_id = s.id " if by_people else
               "excerpts e JOIN sources s ON s.id = e.source_id "
               "JOIN participants p ON p.id = s.participant_id ")
            + "LEFT JOIN quotes q ON q.excerpt_id = e.id "
            f"WHERE {' AND '.join(clauses)} ORDER BY p.pid, s.id, e.start, e.\"end\"", params)
        self.with_texts(rows)  # type: ignore[attr-defined]
        if search:  # as `text LIKE '%search%'` did when the text was stored
            rows = [r for r in rows if like_contains(r["text"], search)]
        if not rows:
            return []
        codebook = self.themes()
        paths = {t.id: t.path for t in codebook}
        order = {t.id: i for i, t in enumerate(codebook)}
        themes_of: dict[int, set[int]] = defaultdict(set)
        coders_of: dict[int, set[str]] = defaultdict(set)
        ids = [r["id"] for r in rows]
        for chunk in range(0, len(ids), 900):
            part = ids[chunk:chunk + 900]
            sql = (f"SELECT excerpt_id, theme_id, coder FROM codings WHERE excerpt_id IN "
                   f"({','.join('?' * len(part))})")
            args: list = list(part)
            if coder:
                sql += " AND coder = ?"
                args.append(coder)
            for c in self.q(sql, args):
                themes_of[c["excerpt_id"]].add(c["theme_id"])
                coders_of[c["excerpt_id"]].add(c["coder"])
        memos = self.memos_by_excerpt(ids)  # type: ignore[attr-defined]
        return [
            Passage(r["id"], r["pid"], r["grp"], r["source_id"], r["title"], r["start"], r["end"],
                    r["text"], tuple(paths[t] for t in sorted(themes_of[r["id"]], key=order.get)),
                    tuple(sorted(coders_of[r["id"]])), r["number"], r["status"] or "candidate",
                    r["display_text"], tuple(memos.get(r["id"], ())))
            for r in rows
        ]

    def participants_in_scope(self, group: str | None = None,
                              where: Mapping[str, str] | None = None) -> int:
        scope, params = self._scope(group, where)
        return self.q1(f"SELECT count(*) FROM participants p WHERE {scope}", params)

    def theme_stats(self, group: str | None = None, where: Mapping[str, str] | None = None,
                    coder: str | None = None) -> list[ThemeStat]:
        """Per theme in codebook order: excerpts and distinct participants coded
        with it or any of its sub-themes, and the participants in scope. A
        passage the interviewer spoke is not counted (it is not the
        participant's words; ``export codings`` lists it, with its speaker)."""
        scope, params = self._scope(group, where)
        total = self.participants_in_scope(group, where)
        themes = self.themes()
        if self.tally_settled():  # type: ignore[attr-defined]
            who = "t.coder = ?" if coder else "t.coder IS NULL"
            counts = {r[0]: [r[1], r[2]] for r in self.db.execute(
                "SELECT t.theme_id, sum(t.excerpts), count(*) FROM theme_tally t "
                f"JOIN participants p ON p.id = t.participant_id WHERE {scope} AND {who} "
                "GROUP BY t.theme_id", params + ([coder] if coder else []))}
            # The maintained counts leave out the interviewer's passages (store/tally.py).
            return [ThemeStat(t, *counts.get(t.id, (0, 0)), total) for t in themes]
        return self._theme_stats_recounted(themes, scope, params, total, coder)

    @staticmethod
    def _ancestors(themes: list) -> dict[int, list[int]]:
        ancestors: dict[int, list[int]] = {}
        for t in themes:
            ancestors[t.id] = [t.id] + (ancestors[t.parent_id] if t.parent_id else [])
        return ancestors

    def interviewer_excerpts(self) -> set[int]:
        """The ids of the excerpts the interviewer spoke (never a participant's
        quote, never counted under the participant)."""
        return {r[0] for r in self.db.execute(SPOKEN_BY_INTERVIEWER_IDS)}

    def _theme_stats_recounted(self, themes: list, scope: str, params: list, total: int,
                               coder: str | None) -> list[ThemeStat]:
        """``theme_stats`` from the raw tables (while a change is not yet counted)."""
        sql = ("SELECT c.theme_id, e.id AS excerpt, p.id AS participant FROM codings c "
               "JOIN excerpts e ON e.id = c.excerpt_id JOIN sources s ON s.id = e.source_id "
               f"JOIN participants p ON p.id = s.participant_id WHERE {scope} "
               f"AND e.id NOT IN ({SPOKEN_BY_INTERVIEWER_IDS})")
        if coder:
            sql += " AND c.coder = ?"
            params = params + [coder]
        ancestors = self._ancestors(themes)
        excerpts: dict[int, set[int]] = defaultdict(set)
        people: dict[int, set[int]] = defaultdict(set)
        for r in self.db.execute(sql, params).fetchall():
            for tid in ancestors.get(r[0], [r[0]]):
                excerpts[tid].add(r[1])
                people[tid].add(r[2])
        return [ThemeStat(t, len(excerpts[t.id]), len(people[t.id]), total) for t in themes]

    def coded_rows(self, group: str | None = None) -> tuple[list[tuple], list[tuple]]:
        """For counting in bulk: one row per coding of an active participant
        (in the group; not of a passage the interviewer spoke), ``(source, participant id, excerpt, start, end,
        theme id)``, and those sources' turns, ``(source, start, end)`` in
        source and turn order. Plain tuples: no texts, no objects."""
        scope, params = self._scope(group, None)
        rows = self.db.execute(
            'SELECT e.source_id, p.id, e.id, e.start, e."end", c.theme_id FROM codings c '
            "JOIN excerpts e ON e.id = c.excerpt_id JOIN sources s ON s.id = e.source_id "
            f"JOIN participants p ON p.id = s.participant_id WHERE {scope} "
            f"AND e.id NOT IN ({SPOKEN_BY_INTERVIEWER_IDS})", params).fetchall()
        turns = self.db.execute(
            'SELECT t.source_id, t.start, t."end" FROM turns t WHERE t.source_id IN (SELECT s.id FROM '
            f"sources s JOIN participants p ON p.id = s.participant_id WHERE {scope}) "
            "ORDER BY t.source_id, t.n", params).fetchall()
        return rows, turns
