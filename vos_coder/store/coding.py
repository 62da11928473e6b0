"""Excerpts and codings, with undo and redo kept in the database."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence

from vos_coder.core.model import Coding, Excerpt, Source, Turn
from vos_coder.core.passages import passage_problem
from vos_coder.core.text import find_span
from vos_coder.errors import InvalidInput, NotFound, VosError
from vos_coder.store._base import default_actor, now
from vos_coder.store.passage_text import PassageTextMixin, checksum

CHUNK = 500  # sources named in one statement (SQLite's limit on variables is far above)


def parse_span(span: str) -> tuple[int, int]:
    """``"120:245"`` -> (120, 245)."""
    try:
        a, b = span.split(":")
        start, end = int(a), int(b)
    except ValueError:
        raise InvalidInput(f"span {span!r} must be START:END in characters, like 120:245") from None
    if start < 0 or end <= start:
        raise InvalidInput(f"span {span!r}: give START:END with END greater than START, both 0 or more")
    return start, end


class PassageNotFound(NotFound):
    """A --match text that is in none of the sources searched."""

    def __init__(self, text: str, message: str) -> None:
        VosError.__init__(self, message)
        self.kind, self.name, self.suggestions = "passage", text, []


class CodingMixin(PassageTextMixin):
    # -- excerpts ---------------------------------------------------------------
    def excerpt(self, excerpt_id: int) -> Excerpt:
        rows = self.q('SELECT id, source_id, start, "end" FROM excerpts WHERE id = ?', [excerpt_id])
        if not rows:
            raise NotFound("excerpt", str(excerpt_id))
        return Excerpt(**self.with_texts(rows)[0])

    def excerpts(self, source_id: int) -> list[tuple[Excerpt, list[Coding]]]:
        """The excerpts of a source in text order, each with its codings."""
        out: list[tuple[Excerpt, list[Coding]]] = []
        index: dict[int, list[Coding]] = {}
        # Plain rows (not dicts): the workbench reads thousands when it opens a transcript.
        text = ""
        for i, (eid, sid, start, end) in enumerate(self.db.execute(
                'SELECT id, source_id, start, "end" FROM excerpts WHERE source_id = ? '
                'ORDER BY start, "end"', [source_id])):
            if not i:
                text = self.source_text(source_id)
            codings: list[Coding] = []
            index[eid] = codings
            out.append((Excerpt(eid, sid, start, end, text[start:end]), codings))
        for row in self.db.execute(
                "SELECT c.id, c.excerpt_id, c.theme_id, c.coder, c.created_at FROM codings c "
                "JOIN excerpts e ON e.id = c.excerpt_id WHERE e.source_id = ? ORDER BY c.id",
                [source_id]):
            index[row[1]].append(Coding(*row))
        return out

    def excerpts_at(self, source_id: int, spans: Sequence[tuple[int, int]]) -> list[tuple[Excerpt, list[Coding]]]:
        """The excerpts of a source at exactly these spans, with their codings
        (what a coding action changed; the workbench re-reads only these)."""
        out: list[tuple[Excerpt, list[Coding]]] = []
        text: str | None = None
        for start, end in dict.fromkeys(spans):
            rows = self.q('SELECT id, source_id, start, "end" FROM excerpts '
                          'WHERE source_id = ? AND start = ? AND "end" = ?', [source_id, start, end])
            for r in rows:
                if text is None:
                    text = self.source_text(source_id)
                r["text"] = text[start:end]
                codings = [Coding(**c) for c in self.q(
                    "SELECT id, excerpt_id, theme_id, coder, created_at FROM codings "
                    "WHERE excerpt_id = ? ORDER BY id", [r["id"]])]
                out.append((Excerpt(**r), codings))
        return out

    def _ensure_excerpt(self, source_id: int, start: int, end: int, check: bool = True) -> int:
        """The excerpt at ``start:end``, created (with its quote number) if new.
        A new span must be a passage (core.passages) unless ``check`` is False:
        spans a merge, a REFI-QDA import or the history brings back are kept as
        they were recorded."""
        # Only the passage is read, not the whole transcript: SQLite's length()
        # and substr() count characters (code points), as Python's indices do.
        row = self.db.execute("SELECT length(text), substr(text, ?, ?) FROM sources WHERE id = ?",
                              [start + 1, max(end - start, 0), source_id]).fetchone()
        if row is None:
            raise NotFound("source", str(source_id))
        length, passage = row
        if not (0 <= start < end <= length):
            raise InvalidInput(f"span {start}:{end} lies outside source {source_id} "
                               f"(0:{length}); check START:END")
        existing = self.q1('SELECT id FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?',
                           [source_id, start, end])
        if existing is not None:
            return existing
        if check:
            self._check_passage(source_id, start, end)
        cur = self.db.execute(
            'INSERT INTO excerpts(source_id, start, "end", checksum, created_at) VALUES (?, ?, ?, ?, ?)',
            [source_id, start, end, checksum(passage), now()])
        number = int(self.setting("next_quote_number", "1") or 1)
        self.db.execute("INSERT INTO quotes(excerpt_id, number, updated_at) VALUES (?, ?, ?)",
                        [cur.lastrowid, number, now()])
        self.set_setting("next_quote_number", str(number + 1))
        return cur.lastrowid

    def _check_passage(self, source_id: int, start: int, end: int, new_only: bool = False) -> None:
        """A passage never spans speakers (core.passages): refuse a span over a
        turn boundary, a speaker label or blank lines. Reads only the turns
        touching the span and the text from the first one's start. With
        ``new_only``, a span that is already an excerpt passes (it was stored
        before, perhaps by a merge or an import)."""
        if new_only and self.q1('SELECT 1 FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?',
                                [source_id, start, end]) is not None:
            return
        rows = self.q('SELECT n, speaker, start, "end" FROM turns WHERE source_id = ? '
                      'AND start < ? AND "end" > ? ORDER BY start', [source_id, end + 1, start - 1])
        turns = [Turn(r["n"], r["speaker"], r["start"], r["end"]) for r in rows]
        base = min([start] + [t.start for t in turns])
        top = max([end] + [t.end for t in turns])
        piece = self.db.execute("SELECT substr(text, ?, ?) FROM sources WHERE id = ?",
                                [base + 1, top - base, source_id]).fetchone()[0]
        local = [Turn(t.n, t.speaker, t.start - base, t.end - base) for t in turns]
        problem = passage_problem(piece, local, start - base, end - base, base)
        if problem is not None:
            raise InvalidInput(problem)

    def match_span(self, source: int | str, match: str) -> tuple[int, int]:
        """Where ``match`` is in the source: exactly, else ignoring whitespace.
        Refuses a text that is absent or occurs more than once."""
        _src, start, end = self.locate(source, match)
        return start, end

    def locate(self, source: int | str, match: str) -> tuple[Source, int, int]:
        """The source and span of ``match``. ``source`` is a source id or title,
        or a participant identifier: when that participant has several sources
        (a survey respondent's answers), all of them are searched and the text
        must occur in exactly one place."""
        ref = str(source).strip()
        several = [] if ref.isdigit() or self.q1("SELECT 1 FROM sources WHERE title = ?", [ref]) \
            else self.q("SELECT s.id FROM sources s JOIN participants p ON p.id = s.participant_id "
                        "WHERE p.pid = ? ORDER BY s.id", [ref])
        candidates = [r["id"] for r in several] if len(several) > 1 else [self.source(source).id]
        hits = [(sid, span) for sid in candidates for span in find_span(self.source_text(sid), match)]
        where = f"source {candidates[0]}" if len(candidates) == 1 else \
            f"{ref}'s sources ({', '.join(map(str, candidates))})"
        if not hits:
            show = f"sources show {candidates[0]}" if len(candidates) == 1 else f"sources list -p {ref}"
            raise PassageNotFound(match, f"{match[:60]!r} is not in {where}; "
                                  f"copy the passage from: vos-coder {show}")
        if len(hits) > 1:
            raise InvalidInput(f"the text occurs {len(hits)} times in {where}; "
                               "give a longer --match or a --span")
        sid, (start, end) = hits[0]
        return self.source(sid), start, end

    # -- codings ----------------------------------------------------------------
    def code(self, source: int | str, start: int, end: int, themes: str | int | Sequence[str | int],
             coder: str | None = None) -> list[Coding]:
        """Code one span with one or more themes, as one undoable action.
        Codings that already exist are left as they are and not returned."""
        coder = coder or default_actor()
        src = self.source(source)
        refs = [themes] if isinstance(themes, str | int) else list(themes)
        if not refs:
            raise InvalidInput("give at least one theme")
        theme_ids = [self.theme(t).id for t in refs]
        made: list[Coding] = []
        with self.transaction():
            excerpt_id = self._ensure_excerpt(src.id, start, end)
            for theme_id in theme_ids:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO codings(excerpt_id, theme_id, coder, created_at) "
                    "VALUES (?, ?, ?, ?)", [excerpt_id, theme_id, coder, now()])
                if cur.rowcount:
                    made.append(self.coding(cur.lastrowid))
            if made:
                self._record("code", coder, [self._coding_payload(c) for c in made])
        return made

    def code_many(self, rows: Iterable[tuple[int, int, int, int | str, str]]) -> int:
        """Bulk coding, one transaction: ``(source_id, start, end, theme, coder)``
        rows, as imports and merges bring them. Not an undoable UI action.
        Returns how many codings were added."""
        theme_ids: dict[int | str, int] = {}
        spans: dict[tuple[int, int, int], int] = {}  # each passage, with its checksum (below)
        by_source: dict[int, list[tuple[int, int, int]]] = {}
        keyed: list[tuple[tuple[int, int, int], int, str]] = []
        for source_id, start, end, theme, coder in rows:
            tid = theme_ids.get(theme)
            if tid is None:
                tid = theme_ids[theme] = self.theme(theme).id
            key = (source_id, start, end)
            if key not in spans:
                spans[key] = 0
                passages = by_source.get(source_id)
                if passages is None:
                    passages = by_source[source_id] = []
                passages.append(key)
            keyed.append((key, tid, coder))
        if not keyed:
            return 0
        source_ids = list(by_source)
        crc32 = zlib.crc32
        for sid, text in self._source_texts(source_ids):
            size = len(text)
            for key in by_source.pop(sid):
                _sid, start, end = key
                if not (0 <= start < end <= size):
                    raise InvalidInput(f"span {start}:{end} lies outside source {sid} (0:{size})")
                spans[key] = crc32(text[start:end].encode("utf-8"))  # passage_text.checksum
        if by_source:
            raise NotFound("source", str(min(by_source)))
        stamp = now()
        with self.transaction():
            ids = self._excerpt_ids(source_ids, spans)
            # New passages get the next ids and quote numbers, in the order given.
            next_id = (self.q1("SELECT max(id) FROM excerpts") or 0) + 1
            new = []
            for key, crc in spans.items():
                if key not in ids:
                    ids[key] = next_id
                    new.append((next_id, *key, crc, stamp))
                    next_id += 1
            self.db.conn.executemany('INSERT INTO excerpts(id, source_id, start, "end", checksum, '
                                     "created_at) VALUES (?, ?, ?, ?, ?, ?)", new)
            first = int(self.setting("next_quote_number", "1") or 1)
            self.db.conn.executemany("INSERT INTO quotes(excerpt_id, number, updated_at) VALUES (?, ?, ?)",
                                     [(row[0], first + i, stamp) for i, row in enumerate(new)])
            self.set_setting("next_quote_number",
                             str((self.q1("SELECT max(number) FROM quotes") or 0) + 1))
            # The counts: this call marks its participants once (store/tally.py)
            # instead of a trigger marking one for every coding.
            self._mark_participants(source_ids)
            self.db.execute("INSERT OR IGNORE INTO tally_dirty(participant_id) VALUES (0)")
            try:
                cur = self.db.conn.executemany(
                    "INSERT OR IGNORE INTO codings(excerpt_id, theme_id, coder, created_at) "
                    "VALUES (?, ?, ?, ?)", [(ids[key], tid, coder, stamp) for key, tid, coder in keyed])
            finally:
                self.db.execute("DELETE FROM tally_dirty WHERE participant_id = 0")
            added = cur.rowcount
        return added

    def _excerpt_ids(self, source_ids: Sequence[int],
                     spans: dict[tuple[int, int, int], int]) -> dict[tuple[int, int, int], int]:
        """The ids of the excerpts already stored at these spans."""
        ids: dict[tuple[int, int, int], int] = {}
        for i in range(0, len(source_ids), CHUNK):
            part = source_ids[i:i + CHUNK]
            for eid, sid, start, end in self.db.execute(
                    f'SELECT id, source_id, start, "end" FROM excerpts WHERE source_id IN '
                    f"({','.join('?' * len(part))})", part):
                if (sid, start, end) in spans:
                    ids[(sid, start, end)] = eid
        return ids

    def _mark_participants(self, source_ids: Sequence[int]) -> None:
        """Mark the participants of these sources for recounting (store/tally.py)."""
        for i in range(0, len(source_ids), CHUNK):
            part = source_ids[i:i + CHUNK]
            self.db.execute("INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT DISTINCT "
                            f"participant_id FROM sources WHERE id IN ({','.join('?' * len(part))})", part)

    def coding(self, coding_id: int) -> Coding:
        rows = self.q("SELECT id, excerpt_id, theme_id, coder, created_at FROM codings WHERE id = ?",
                      [coding_id])
        if not rows:
            raise NotFound("coding", str(coding_id))
        return Coding(**rows[0])

    def codings_at(self, source: int | str, start: int, end: int, theme: str | int | None = None,
                   coder: str | None = None) -> list[Coding]:
        """The codings on exactly ``start:end``, of one theme and coder when given."""
        src = self.source(source)
        sql = ("SELECT c.id, c.excerpt_id, c.theme_id, c.coder, c.created_at FROM codings c "
               'JOIN excerpts e ON e.id = c.excerpt_id WHERE e.source_id = ? AND e.start = ? AND e."end" = ?')
        params: list = [src.id, start, end]
        if theme is not None:
            sql += " AND c.theme_id = ?"
            params.append(self.theme(theme).id)
        if coder:
            sql += " AND c.coder = ?"
            params.append(coder)
        # In the order they were made (the unique index would give theme, then coder order).
        return [Coding(**r) for r in self.q(sql + " ORDER BY c.id", params)]

    def uncode(self, coding_ids: Sequence[int], coder: str | None = None) -> int:
        """Remove codings (one undoable action). An excerpt left with no coding
        is kept, with its quote decisions, in case it is coded again."""
        codings = [self.coding(i) for i in coding_ids]
        if not codings:
            return 0
        with self.transaction():
            payload = [self._coding_payload(c) for c in codings]
            self.db.execute(f"DELETE FROM codings WHERE id IN ({','.join('?' * len(codings))})",
                            [c.id for c in codings])
            self._record("uncode", coder or default_actor(), payload)
        return len(codings)

    def _coding_payload(self, c: Coding) -> dict:
        e = self.excerpt(c.excerpt_id)
        return {"source": e.source_id, "start": e.start, "end": e.end, "theme": c.theme_id,
                "coder": c.coder}

    # -- undo / redo --------------------------------------------------------------
    # Each history row is one action of one coder; its payload lists the
    # codings it made or removed, each with its source. Undo and redo can be
    # limited to one source (the workbench undoes only in the transcript on
    # screen); without a source they walk the coder's whole project history.
    _ONLY_SOURCE = ("(? IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(history.payload) j "
                    "WHERE json_extract(j.value, '$.source') != ?))")

    def _record(self, action: str, coder: str, payload: list[dict]) -> None:
        # A new action ends this coder's redo chain in the sources it touches.
        for source in sorted({p["source"] for p in payload}):
            self.db.execute("DELETE FROM history WHERE coder = ? AND undone = 1 AND EXISTS (SELECT 1 "
                            "FROM json_each(history.payload) j WHERE json_extract(j.value, '$.source') = ?)",
                            [coder, source])
        self.db.execute("INSERT INTO history(at, coder, action, payload) VALUES (?, ?, ?, ?)",
                        [now(), coder, action, json.dumps(payload)])

    def _retheme_history(self, old: Sequence[int], new: int | None) -> None:
        """Keep the undo history true to the codebook: the steps of a merged
        theme now name the theme its codings moved to (``new``); those of a
        deleted theme (``new`` None) go, as their codings are gone."""
        marks = ",".join("?" * len(old))
        rows = self.q("SELECT id, payload FROM history WHERE EXISTS (SELECT 1 FROM json_each(history.payload) j "
                      f"WHERE json_extract(j.value, '$.theme') IN ({marks}))", list(old))
        for r in rows:
            payload = json.loads(r["payload"])
            if new is None:
                payload = [p for p in payload if p["theme"] not in old]
            else:
                for p in payload:
                    if p["theme"] in old:
                        p["theme"] = new
            if payload:
                self.db.execute("UPDATE history SET payload = ? WHERE id = ?", [json.dumps(payload), r["id"]])
            else:
                self.db.execute("DELETE FROM history WHERE id = ?", [r["id"]])

    def _apply(self, action: str, payload: list[dict]) -> None:
        for p in payload:
            if action == "code":
                excerpt_id = self._ensure_excerpt(p["source"], p["start"], p["end"], check=False)
                self.db.execute("INSERT OR IGNORE INTO codings(excerpt_id, theme_id, coder, created_at) "
                                "VALUES (?, ?, ?, ?)", [excerpt_id, p["theme"], p["coder"], now()])
            else:
                self.db.execute(
                    "DELETE FROM codings WHERE theme_id = ? AND coder = ? AND excerpt_id IN (SELECT id "
                    'FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?)',
                    [p["theme"], p["coder"], p["source"], p["start"], p["end"]])

    def undo(self, coder: str | None = None, source: int | None = None) -> dict | None:
        """Reverse this coder's last coding action (in ``source`` only, when
        given). Returns what changed, with a ``description`` in words
        ("removed Culture of silence from 1763:1831 in VoS-AL-01"), or None."""
        return self._step(coder, source, undo=True)

    def redo(self, coder: str | None = None, source: int | None = None) -> dict | None:
        """Apply again the action this coder undid last (in ``source`` only, when given)."""
        return self._step(coder, source, undo=False)

    def describe_change(self, effect: str, payload: Sequence[dict]) -> str:
        """Words for codings made (``effect`` "code") or removed ("uncode"):
        "coded 1763:1831 in VoS-AL-01 with Culture of silence" or
        "removed Culture of silence from 1763:1831 in VoS-AL-01"; one clause per passage."""
        spans: dict[tuple[int, int, int], list[int]] = {}
        for p in payload:
            spans.setdefault((p["source"], p["start"], p["end"]), []).append(p["theme"])
        theme_ids = sorted({p["theme"] for p in payload})
        source_ids = sorted({p["source"] for p in payload})
        names = {r["id"]: r["name"] for r in self.q(
            f"SELECT id, name FROM themes WHERE id IN ({','.join('?' * len(theme_ids))})", theme_ids)}
        pids = {r["id"]: r["pid"] for r in self.q(
            "SELECT s.id, p.pid FROM sources s JOIN participants p ON p.id = s.participant_id "
            f"WHERE s.id IN ({','.join('?' * len(source_ids))})", source_ids)}
        parts = []
        for (source, start, end), themes in spans.items():
            what = ", ".join(names.get(t, f"theme {t}") for t in dict.fromkeys(themes))
            where = f"{start}:{end} in {pids.get(source, f'source {source}')}"
            parts.append(f"coded {where} with {what}" if effect == "code" else f"removed {what} from {where}")
        return "; ".join(parts)

    def _step(self, coder: str | None, source: int | None, undo: bool) -> dict | None:
        """One step back (the newest action not undone) or forward (the oldest undone)."""
        coder = coder or default_actor()
        order = "DESC" if undo else "ASC"
        rows = self.q(f"SELECT * FROM history WHERE coder = ? AND undone = ? AND {self._ONLY_SOURCE} "
                      f"ORDER BY id {order} LIMIT 1", [coder, 0 if undo else 1, source, source])
        if not rows:
            return None
        h = rows[0]
        payload = json.loads(h["payload"])
        effect = ("uncode" if h["action"] == "code" else "code") if undo else h["action"]
        with self.transaction():
            self._apply(effect, payload)
            self.db.execute("UPDATE history SET undone = ? WHERE id = ?", [1 if undo else 0, h["id"]])
        return {"action": h["action"], "effect": effect, "payload": payload,
                "description": self.describe_change(effect, payload)}
