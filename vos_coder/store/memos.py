"""Memos: a researcher's notes on an excerpt, theme, source, participant or the project."""

from __future__ import annotations

from vos_coder.core.model import Memo
from vos_coder.errors import InvalidInput
from vos_coder.store._base import ProjectBase, default_actor, now

MEMO_TARGETS = ("project", "theme", "participant", "source", "excerpt")


class MemosMixin(ProjectBase):
    def add_memo(self, target_kind: str, target_id: int | None, text: str,
                 author: str | None = None) -> Memo:
        """Write a memo on one target, in one transaction."""
        if target_kind not in MEMO_TARGETS:
            raise InvalidInput(f"a memo goes on one of: {', '.join(MEMO_TARGETS)}")
        text = text.strip()
        if not text:
            raise InvalidInput("a memo cannot be empty; write some text")
        at = now()
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO memos(target_kind, target_id, text, author, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [target_kind, target_id, text, author or default_actor(), at, at])
            self.audit("memo.add", author, target=target_kind, id=target_id)
        return Memo(cur.lastrowid, target_kind, target_id, text, author or default_actor(), at)

    def memos(self, target_kind: str, target_id: int | None) -> list[Memo]:
        """The memos on one target, oldest first."""
        rows = self.q("SELECT * FROM memos WHERE target_kind = ? AND target_id IS ? ORDER BY id",
                      [target_kind, target_id])
        return [Memo(r["id"], r["target_kind"], r["target_id"], r["text"], r["author"], r["created_at"])
                for r in rows]
