"""Codebook care from the workbench: how many codings a theme (with its
sub-themes) holds, and moving a theme up or down among its siblings."""

from __future__ import annotations

from vos_coder.core.model import Theme
from vos_coder.store._base import ProjectBase


class CodebookCareMixin(ProjectBase):
    def theme_codings_count(self, ref: str | int) -> int:
        """Codings of the theme and its sub-themes (what deleting it would remove)."""
        ids = [t.id for t in self.subtree(ref)]  # type: ignore[attr-defined]
        return self.q1(f"SELECT count(*) FROM codings WHERE theme_id IN ({','.join('?' * len(ids))})", ids)

    def shift_theme(self, ref: str | int, step: int) -> Theme:
        """Move a theme ``step`` places among its siblings (-1: up, 1: down);
        at either end it stays. Positions are renumbered 0..n-1 in one transaction."""
        t: Theme = self.theme(ref)  # type: ignore[attr-defined]
        siblings = [r["id"] for r in self.q(
            "SELECT id FROM themes WHERE parent_id IS ? ORDER BY position, id", [t.parent_id])]
        i = siblings.index(t.id)
        j = min(max(0, i + step), len(siblings) - 1)
        if i == j:
            return t
        siblings.insert(j, siblings.pop(i))
        with self.transaction():
            for pos, tid in enumerate(siblings):
                self.db.execute("UPDATE themes SET position = ? WHERE id = ?", [pos, tid])
            self.audit("theme.reorder", theme=t.path, position=j)
        return self.theme(t.id)  # type: ignore[attr-defined]
