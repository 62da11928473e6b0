"""Coding many passages at once (search hits): one transaction, one undo step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vos_coder.core.model import Coding
from vos_coder.errors import InvalidInput
from vos_coder.store._base import ProjectBase, default_actor, now


class SpanCodingMixin(ProjectBase):
    def code_spans(self, spans: Iterable[tuple[int, int, int]], themes: Sequence[str | int],
                   coder: str | None = None) -> list[Coding]:
        """Code every ``(source_id, start, end)`` with every theme, as ONE
        undoable action (undo takes the whole batch back). Codings that
        already exist are left as they are and not returned."""
        coder = coder or default_actor()
        if not themes:
            raise InvalidInput("give at least one theme")
        theme_ids = [self.theme(t).id for t in themes]  # type: ignore[attr-defined]
        unique = list(dict.fromkeys(spans))
        if not unique:
            raise InvalidInput("tick at least one hit to code")
        made: list[Coding] = []
        with self.transaction():
            for source_id, start, end in unique:
                excerpt_id = self._ensure_excerpt(source_id, start, end)  # type: ignore[attr-defined]
                for theme_id in theme_ids:
                    cur = self.db.execute(
                        "INSERT OR IGNORE INTO codings(excerpt_id, theme_id, coder, created_at) "
                        "VALUES (?, ?, ?, ?)", [excerpt_id, theme_id, coder, now()])
                    if cur.rowcount:
                        made.append(self.coding(cur.lastrowid))  # type: ignore[attr-defined]
            if made:
                self._record("code", coder, [self._coding_payload(c) for c in made])  # type: ignore[attr-defined]
                self.audit("code.batch", coder, spans=len(unique), codings=len(made), themes=theme_ids)
        return made
