"""Confidentiality in the store: withdrawal and purge, re-anchored edits of a
source (redaction, corrections), dismissed disclosure hits, and backups.

Purge and redaction end with ``scrub()``: the full-text index is rebuilt (FTS5
keeps deleted tokens in old segments until a merge), the transaction is
committed, the WAL is checkpointed and truncated, and the file is vacuumed, so
that with secure_delete on no byte of removed text stays in the .db, -wal or
-shm.
"""

from __future__ import annotations

import difflib
import json
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from vos_coder.core.quotes import check_display_text, quote_label
from vos_coder.core.text import content_hash, normalise
from vos_coder.errors import (
    Conflict,
    InvalidInput,
    UnfaithfulQuote,
    VosError,
)
from vos_coder.store import engine
from vos_coder.store._base import now
from vos_coder.store.actor import default_actor
from vos_coder.store.connection import create_private_file, storage_error
from vos_coder.store.engine import sqlite
from vos_coder.store.passage_text import checksum
from vos_coder.store.withdrawal import WithdrawalMixin


@dataclass(frozen=True)
class OffsetMap:
    """Old offset -> new offset after a set of non-overlapping edits. A start
    inside a replaced span moves to the replacement's start, an end to its end,
    so a span that touched the replaced words still covers them afterwards.
    Text inserted where a span starts or ends (a correction adding words next
    to a coded passage) stays outside it."""

    edits: tuple[tuple[int, int, int], ...]  # (old_start, old_end, new_length), sorted

    def start(self, offset: int) -> int:
        return self._map(offset, left=True)

    def end(self, offset: int) -> int:
        return self._map(offset, left=False)

    def _map(self, offset: int, left: bool) -> int:
        shift = 0
        i = bisect_right([e[0] for e in self.edits], offset)
        for s, e, n in self.edits[:i]:
            if offset == s and (offset < e or not left):
                return s + shift  # at the start of a replaced span; an end before an insertion
            if offset < e:  # inside a replaced span
                return s + shift + (0 if left else n)
            shift += n - (e - s)
        return offset + shift


def apply_edits(text: str, spans: Sequence[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace each (start, end, replacement); spans must not overlap."""
    ordered = sorted(spans)
    for a, b in pairwise(ordered):
        if a[1] > b[0]:
            raise InvalidInput("two replacements overlap; give them one at a time")
    out, pos = [], 0
    for s, e, rep in ordered:
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out), OffsetMap(tuple((s, e, len(rep)) for s, e, rep in ordered))


def diff_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """The edits that turn old into new, at word granularity where possible."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


_PARK = 1 << 40
class PrivacyMixin(WithdrawalMixin):
    # -- dismissed false positives -------------------------------------------------
    def dismissed_fingerprints(self) -> set[str]:
        return {r["fingerprint"] for r in self.q("SELECT fingerprint FROM disclosure_dismissed")}

    def dismiss_hit(self, fingerprint: str, actor: str | None = None) -> bool:
        """Mark a disclosure hit as a false positive; False if it already was."""
        fingerprint = fingerprint.strip().lower()
        if not fingerprint or any(c not in "0123456789abcdef" for c in fingerprint):
            raise InvalidInput(f"{fingerprint!r} is not a hit id; copy one from: vos-coder check")
        actor = actor or default_actor()  # the same name in the dismissal and the audit log
        with self.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO disclosure_dismissed(fingerprint, at, actor) VALUES (?, ?, ?)",
                [fingerprint, now(), actor])
            if cur.rowcount:
                self.audit("check.dismiss", actor, hit=fingerprint)
        return bool(cur.rowcount)

    # -- re-anchored edits of a source ------------------------------------------------
    def edit_source_text(self, source_id: int, spans: Sequence[tuple[int, int, str]],
                         action: str = "source.edit", again: str | None = None,
                         **details: object) -> dict:
        """Apply edits to a stored source and move every turn, excerpt and quote
        display text so that each coding stays on the same words. Returns counts,
        and under "emptied" [quote, start, end] of each excerpt whose words were
        all deleted (its codings now mark the one character at that place), in
        the order of the quote numbers.
        ``again``: what finishes the scrub if it cannot (see ``scrub``)."""
        row = self.q("SELECT text FROM sources WHERE id = ?", [source_id])
        if not row:
            raise InvalidInput(f"no source with id {source_id}")
        old = row[0]["text"]
        new, moved = apply_edits(old, spans)
        if not new.strip():
            raise InvalidInput("the edits would leave the text empty; nothing was changed")
        if normalise(new) != new:
            new_norm = normalise(new)
            if new_norm.rstrip("\n") != new.rstrip("\n"):
                raise InvalidInput("the edited text would not be normalised; avoid trailing blanks")
            new = new_norm
        counts: dict = {"replacements": len(spans), "excerpts moved": 0, "display texts": 0,
                        "display texts cleared": 0, "emptied": []}
        with self.transaction():
            self.db.execute("UPDATE sources SET text = ?, content_hash = ? WHERE id = ?",
                            [new, content_hash(new), source_id])
            for t in self.q('SELECT n, start, "end" FROM turns WHERE source_id = ?', [source_id]):
                self.db.execute('UPDATE turns SET start = ?, "end" = ? WHERE source_id = ? AND n = ?',
                                [moved.start(t["start"]), max(moved.start(t["start"]),
                                 min(moved.end(t["end"]), len(new))), source_id, t["n"]])
            self._move_excerpts(source_id, old, new, moved, spans, counts)
            self._move_history(source_id, moved)
            self.audit(action, source=source_id, **details,
                       **{k.replace(" ", "_"): v for k, v in counts.items()})
        if again:
            self.scrub(done=f"the text of source {source_id} is changed", again=again)
        else:
            self.scrub()
        return counts

    def _move_excerpts(self, source_id: int, old: str, new: str, moved: OffsetMap,
                       spans: Sequence[tuple[int, int, str]], counts: dict) -> None:
        rows = self.q('SELECT e.id, e.start, e."end", q.number, q.display_text FROM excerpts e '
                      "LEFT JOIN quotes q ON q.excerpt_id = e.id WHERE e.source_id = ? "
                      "ORDER BY e.id", [source_id])
        # Park them past any real offset first so UNIQUE(source, start, end) cannot clash mid-way.
        self.db.execute('UPDATE excerpts SET start = start + ?, "end" = "end" + ? '
                        "WHERE source_id = ?", [_PARK, _PARK, source_id])
        for r in rows:
            s, e = moved.start(r["start"]), moved.end(r["end"])
            if e <= s:  # every word deleted: the coding keeps its place on one character
                e = min(len(new), s + 1)
                counts["emptied"].append([quote_label(r["number"]), s, e])
            existing = self.q1('SELECT id FROM excerpts WHERE source_id = ? AND start = ? AND "end" = ?',
                               [source_id, s, e])
            if existing:  # two excerpts became one: keep one, move the codings and memos over
                self.db.execute("UPDATE OR IGNORE codings SET excerpt_id = ? WHERE excerpt_id = ?",
                                [existing, r["id"]])
                self.db.execute("UPDATE memos SET target_id = ? WHERE target_kind = 'excerpt' "
                                "AND target_id = ?", [existing, r["id"]])
                self.db.execute("DELETE FROM excerpts WHERE id = ?", [r["id"]])
                continue
            self.db.execute('UPDATE excerpts SET start = ?, "end" = ?, checksum = ? WHERE id = ?',
                            [s, e, checksum(new[s:e]), r["id"]])
            if (s, e) != (r["start"], r["end"]) or old[r["start"]:r["end"]] != new[s:e]:
                counts["excerpts moved"] += 1
            if r["display_text"]:
                display = r["display_text"]
                for a, b, rep in spans:
                    piece = old[a:b]
                    if piece and r["start"] <= a and b <= r["end"]:
                        display = display.replace(piece, rep)
                try:
                    display = check_display_text(new[s:e], display)
                    counts["display texts"] += display != r["display_text"]
                except (UnfaithfulQuote, VosError):
                    display = None
                    counts["display texts cleared"] += 1
                self.db.execute("UPDATE quotes SET display_text = ?, updated_at = ? WHERE excerpt_id = ?",
                                [display, now(), r["id"]])

    def _move_history(self, source_id: int, moved: OffsetMap) -> None:
        """Undo entries point at offsets: move them with the text."""
        for h in self.q("SELECT id, payload FROM history"):
            try:
                payload = json.loads(h["payload"])
            except ValueError:
                continue
            changed = False
            for item in payload:
                if isinstance(item, dict) and item.get("source") == source_id:
                    item["start"], item["end"] = moved.start(item["start"]), moved.end(item["end"])
                    changed = True
            if changed:
                self.db.execute("UPDATE history SET payload = ? WHERE id = ?",
                                [json.dumps(payload), h["id"]])

    def replace_source_text(self, source_id: int, new_text: str) -> dict:
        """Correct a transcript: store new_text, re-anchoring codings by a diff."""
        new_text = normalise(new_text)
        if not new_text.strip():
            raise InvalidInput("the new text is empty; nothing was changed")
        old = self.source_text(source_id)  # type: ignore[attr-defined]
        if old == new_text:
            raise Conflict("the new text is the same as the stored one; nothing to change")
        return self.edit_source_text(source_id, diff_edits(old, new_text), "source.edit")

    # -- backup -------------------------------------------------------------------------
    def backup(self, out: str | os.PathLike) -> Path:
        """Copy the project with SQLite's online backup API into a new 0600 file.
        The backup of an encrypted project is encrypted with the same passphrase."""
        out = Path(out)
        if out.resolve() == Path(self.path).resolve():
            raise InvalidInput("the backup cannot overwrite the project itself; choose another --out")
        create_private_file(out)
        try:
            dst = engine.raw_connect(str(out), 10.0)
            try:
                if self.cipher is not None:  # type: ignore[attr-defined]
                    dst.execute(f"PRAGMA key = {self.cipher.pragma_value}")  # type: ignore[attr-defined]
                self.db.conn.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        except sqlite.Error as exc:
            _remove_backup(out)
            raise storage_error(exc, out) from None
        except BaseException:  # Ctrl-C, SIGTERM: no half backup left behind
            _remove_backup(out)
            raise
        os.chmod(out, 0o600)
        with self.transaction():
            self.audit("backup", file=out.name, path=str(out.resolve()), bytes=out.stat().st_size)
        return out


def _remove_backup(out: Path) -> None:
    for f in (out, Path(f"{out}-journal")):
        f.unlink(missing_ok=True)
