"""Sources (transcripts, survey answers), their speaker turns and full-text search."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import le

from vos_coder.core.fuzzy import closest
from vos_coder.core.model import ParsedSource, Source, Turn
from vos_coder.core.text import content_hash, find_folded, fold, normalise
from vos_coder.errors import Duplicate, DuplicateOfAnother, InvalidInput, NotFound
from vos_coder.store._base import ProjectBase, now

_SOURCE_COLS = """s.id, p.pid AS participant, s.title, s.kind, s.content_hash, s.origin,
    s.imported_at, length(s.text) AS length"""


def _source(row: dict) -> Source:
    return Source(row["id"], row["participant"], row["title"], row["kind"], row["content_hash"],
                  row["origin"], row["imported_at"], row["length"])


def _turn_columns(turns: Sequence[Turn], size: int, title: str) -> list[tuple]:
    """The turns as five columns (n, speaker, start, end, timestamp), once
    each lies inside the text (``0 <= start <= end <= size``); [] for none."""
    if not turns:
        return []
    columns = list(zip(*turns))
    starts, ends = columns[2], columns[3]
    if min(starts) < 0 or max(ends) > size or not all(map(le, starts, ends)):
        bad = next(t for t in turns if not 0 <= t.start <= t.end <= size)
        raise InvalidInput(f"{title}: turn {bad.n} lies outside the text")
    return columns


class SourcesMixin(ProjectBase):
    def add_source(self, pid: str, title: str, parsed: ParsedSource, origin: str = "",
                   group: str = "survivor", allow_duplicate: bool = False) -> Source:
        """Store one parsed file for a participant, in one transaction.
        Raises Duplicate when the same text is already stored for this
        participant, DuplicateOfAnother when it is stored under another one
        (unless ``allow_duplicate``: then it is stored again for this one)."""
        text = normalise(parsed.text)
        if text != parsed.text:
            raise InvalidInput("source text must be normalised before it is stored (NFC, LF)")
        if not text or text.isspace():
            raise InvalidInput(f"{title}: the text is empty; nothing to import")
        digest = content_hash(text)
        # A transcript is one of a kind in the project; the same short survey
        # answer may come from several respondents, but once from each.
        same = "WHERE s.content_hash = ?" + (" AND p.pid = ?" if parsed.kind == "survey answer" else "")
        existing = self.q(
            f"SELECT {_SOURCE_COLS} FROM sources s JOIN participants p ON p.id = s.participant_id {same}",
            [digest, pid] if parsed.kind == "survey answer" else [digest],
        )
        mine = [r for r in existing if r["participant"] == pid]
        if mine or (existing and parsed.kind == "survey answer"):
            src = _source((mine or existing)[0])
            raise Duplicate(f"{title}: same text as source {src.id} ({src.participant}, "
                            f"{src.title!r}) is already in the project")
        if existing and not allow_duplicate:
            src = _source(existing[0])
            raise DuplicateOfAnother(
                f"the same text is already stored under {src.participant} (source "
                f"{src.id}, {src.title!r}), so it was not stored for {pid}; check the file and "
                "the participant, or import it with --allow-duplicate if both really hold it")
        size = len(text)
        columns = _turn_columns(parsed.turns, size, title)
        stamp = now()
        with self.transaction():
            participant_id = self.participant_id(pid, group)
            cur = self.db.execute(
                "INSERT INTO sources(participant_id, title, kind, text, content_hash, origin, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [participant_id, title, parsed.kind, text, digest, origin, stamp],
            )
            sid = cur.lastrowid
            self._insert_turns(sid, columns)
        return Source(sid, pid.strip(), title, parsed.kind, digest, origin, stamp, size)

    def _insert_turns(self, sid: int, columns: list[tuple]) -> None:
        """Store a source's turns, given as columns (``_turn_columns``): rows
        made by ``zip`` in C, not by a Python loop over hundreds of turns. A
        transcript without timestamps leaves that column out rather than
        binding None: the sqlite3 module looks up an adapter for every None it
        binds (two failed attribute lookups, each formatting an error), which
        made a folder's turns three times as dear to store."""
        if not columns:
            return
        ns, speakers, starts, ends, stamps = columns
        if stamps.count(None) == len(stamps):
            self.db.conn.executemany(
                'INSERT INTO turns(source_id, n, speaker, start, "end") VALUES (?, ?, ?, ?, ?)',
                zip(repeat(sid), ns, speakers, starts, ends))
        else:
            self.db.conn.executemany(
                'INSERT INTO turns(source_id, n, speaker, start, "end", timestamp) '
                "VALUES (?, ?, ?, ?, ?, ?)", zip(repeat(sid), ns, speakers, starts, ends, stamps))

    def source(self, ref: int | str) -> Source:
        """A source by id, by title, or by participant identifier when that
        participant has exactly one source."""
        ref_s = str(ref).strip()
        base = f"SELECT {_SOURCE_COLS} FROM sources s JOIN participants p ON p.id = s.participant_id "
        if ref_s.isdigit():
            rows = self.q(base + "WHERE s.id = ?", [int(ref_s)])
        else:
            rows = self.q(base + "WHERE s.title = ?", [ref_s])
            if not rows:
                rows = self.q(base + "WHERE p.pid = ? ORDER BY s.id", [ref_s])
                if len(rows) > 1:
                    listing = ", ".join(f"{r['id']} ({r['title']})" for r in rows)
                    raise InvalidInput(f"{ref_s} has {len(rows)} sources: {listing}; give a source id")
        if not rows:
            names = [r["title"] for r in self.q("SELECT title FROM sources")]
            names += [r["pid"] for r in self.q("SELECT pid FROM participants")]
            raise NotFound("source", ref_s, closest(ref_s, names))
        return _source(rows[0])

    def sources(self, participant: str | None = None, include_withdrawn: bool = False) -> list[Source]:
        sql = f"SELECT {_SOURCE_COLS} FROM sources s JOIN participants p ON p.id = s.participant_id"
        clauses, params = [], []
        if participant:
            clauses.append("p.pid = ?")
            params.append(self.participant(participant).pid)
        if not include_withdrawn:
            clauses.append("p.consent = 'active'")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [_source(r) for r in self.q(sql + " ORDER BY p.pid, s.id", params)]

    def source_text(self, source_id: int) -> str:
        text = self.q1("SELECT text FROM sources WHERE id = ?", [source_id])
        if text is None:
            raise NotFound("source", str(source_id))
        return text

    def turns(self, source_id: int) -> list[Turn]:
        return [Turn(*row) for row in self.db.execute(
            'SELECT n, speaker, start, "end", timestamp FROM turns WHERE source_id = ? ORDER BY n',
            [source_id])]

    def turns_of(self, source_ids: Sequence[int]) -> dict[int, list[Turn]]:
        """The turns of several sources at once, each source's in order."""
        out: dict[int, list[Turn]] = {sid: [] for sid in source_ids}
        ids = list(out)
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            for sid, n, speaker, start, end, stamp in self.db.execute(
                    'SELECT source_id, n, speaker, start, "end", timestamp FROM turns '
                    f"WHERE source_id IN ({','.join('?' * len(part))}) ORDER BY source_id, n", part):
                out[sid].append(Turn(n, speaker, start, end, stamp))
        return out

    def turn_at(self, source_id: int, offset: int) -> Turn | None:
        rows = self.q('SELECT n, speaker, start, "end", timestamp FROM turns WHERE source_id = ? '
                      'AND start <= ? AND "end" > ? ORDER BY n LIMIT 1', [source_id, offset, offset])
        return Turn(**rows[0]) if rows else None

    def search_sources(self, text: str, limit: int | None = 200) -> list[tuple[int, int, int]]:
        """(source_id, start, end) of every occurrence of the words of ``text``
        (the first ``limit``; None: all): FTS5 finds the sources, then each
        hit is located in the text."""
        words = re.findall(r"\w+", text)
        if not words:
            raise InvalidInput("search needs at least one word")
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        ids = [r["rowid"] for r in self.q(
            "SELECT f.rowid FROM sources_fts f JOIN sources s ON s.id = f.rowid "
            "JOIN participants p ON p.id = s.participant_id "
            "WHERE sources_fts MATCH ? AND p.consent = 'active' ORDER BY rank", [match])]
        pattern = re.compile(r"\W+".join(re.escape(fold(w)) for w in words))
        hits: list[tuple[int, int, int]] = []
        for sid in ids:
            for start, end in find_folded(self.source_text(sid), pattern):
                hits.append((sid, start, end))
                if limit is not None and len(hits) >= limit:
                    return hits
        return hits
