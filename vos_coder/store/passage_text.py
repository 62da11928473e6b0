"""An excerpt's text is derived, not stored: its source's text between the
excerpt's offsets (code points, as Python slices and SQLite's substr count).

Storing a copy of every passage made a project file about 1.1x the raw text
larger (migration 5 dropped the copy). What is kept instead is a checksum of
each passage (CRC-32 of its UTF-8), written with the excerpt: the text can be
derived again at any time, and ``excerpt_text_problems`` (``vos-coder
doctor``) checks every derivation against the checksum, so a source text
changed without its excerpts being moved is found, not silently read as
other words.

Reading many passages loads each source text once (a substr per row in SQL
would load the whole transcript again for every passage).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from vos_coder.store._base import ProjectBase

# One excerpt's text in SQL, where ``excerpts e`` and ``sources s`` are joined.
TEXT_SQL = 'substr(s.text, e.start + 1, e."end" - e.start)'

_CHUNK = 64  # source texts fetched per query (about 2.5 MB of transcripts)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def checksum(text: str) -> int:
    """The checksum kept for a passage: CRC-32 of its UTF-8."""
    return zlib.crc32(text.encode("utf-8"))


def like_contains(text: str, needle: str) -> bool:
    """``text LIKE '%needle%'`` as SQLite has it (ASCII letters without case,
    every other character as it is), for a needle with no wildcards."""
    return needle.translate(_ASCII_LOWER) in text.translate(_ASCII_LOWER)


class PassageTextMixin(ProjectBase):
    def _source_texts(self, source_ids: Iterable[int]) -> Iterable[tuple[int, str]]:
        """``(source id, text)`` for each id, a few texts in memory at a time."""
        ids = sorted(set(source_ids))
        for i in range(0, len(ids), _CHUNK):
            part = ids[i:i + _CHUNK]
            yield from self.db.execute(
                f"SELECT id, text FROM sources WHERE id IN ({','.join('?' * len(part))})", part)

    def passage_texts(self, spans: Sequence[tuple[int, int, int]]) -> list[str]:
        """The text of each ``(source id, start, end)``, in the order given."""
        out = [""] * len(spans)
        where: dict[int, list[int]] = defaultdict(list)
        for i, (sid, _start, _end) in enumerate(spans):
            where[sid].append(i)
        for sid, text in self._source_texts(where):
            for i in where[sid]:
                out[i] = text[spans[i][1]:spans[i][2]]
        return out

    def with_texts(self, rows: list[dict], key: str = "text") -> list[dict]:
        """Give each row (with ``source_id``, ``start``, ``end``) its passage text under ``key``."""
        texts = self.passage_texts([(r["source_id"], r["start"], r["end"]) for r in rows])
        for r, text in zip(rows, texts, strict=True):
            r[key] = text
        return rows

    def excerpt_text_problems(self) -> list[int]:
        """Ids of the excerpts whose text, derived from their source, no
        longer matches the checksum written with them (or lies outside the
        source). Empty: every passage reads as it was coded."""
        bad: list[int] = []
        spans: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for eid, sid, start, end, crc in self.db.execute(
                'SELECT id, source_id, start, "end", checksum FROM excerpts'):
            spans[sid].append((eid, start, end, crc))
        for sid, text in self._source_texts(spans):
            for eid, start, end, crc in spans.pop(sid):
                if end > len(text) or checksum(text[start:end]) != crc:
                    bad.append(eid)
        bad += [eid for rest in spans.values() for eid, *_ in rest]  # no source (cannot happen)
        return sorted(bad)
