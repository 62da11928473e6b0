"""Quick keys per coder: the digits 1-9 of the workbench (see core/quick_keys.py)."""

from __future__ import annotations

from vos_coder.core.model import Theme
from vos_coder.core.quick_keys import DIGITS, QuickKeys, default_keys, reassign
from vos_coder.errors import InvalidInput
from vos_coder.store._base import ProjectBase


class QuickKeysMixin(ProjectBase):
    def quick_keys(self, coder: str, themes: list[Theme] | None = None) -> QuickKeys:
        """The coder's digits; the default (first nine themes in codebook
        order) while they have saved none. ``themes`` saves a re-read."""
        themes = self.themes() if themes is None else themes  # type: ignore[attr-defined]
        rows = self.q("SELECT digit, theme_id FROM quick_keys WHERE coder = ? ORDER BY digit", [coder])
        if not rows:
            return QuickKeys(coder, default_keys(themes), default=True)
        by_id = {t.id: t for t in themes}
        return QuickKeys(coder, {r["digit"]: by_id[r["theme_id"]] for r in rows
                                 if r["theme_id"] in by_id}, default=False)

    def set_quick_key(self, coder: str, digit: int, theme: str | int | None) -> QuickKeys:
        """Put ``theme`` on ``digit`` for ``coder`` (None frees the digit). The
        first change saves the keys shown until then (the default) with it,
        so no other digit moves; a theme already on another digit leaves it.
        Freeing the last saved digit brings the default back."""
        if not isinstance(digit, int) or digit not in DIGITS:
            raise InvalidInput(f"a quick key is a digit from 1 to 9, not {digit!r}")
        theme_id = self.theme(theme).id if theme is not None else None  # type: ignore[attr-defined]
        with self.transaction():
            now = self.quick_keys(coder)
            keys = reassign({d: t.id for d, t in now.themes.items()}, digit, theme_id)
            self.db.execute("DELETE FROM quick_keys WHERE coder = ?", [coder])
            for d, tid in keys.items():
                self.db.execute("INSERT INTO quick_keys(coder, digit, theme_id) VALUES (?, ?, ?)",
                                [coder, d, tid])
            self.audit("quick_key.set", actor=coder, digit=digit,
                       theme=self.theme(theme_id).path if theme_id else None)  # type: ignore[attr-defined]
        return self.quick_keys(coder)

    def reset_quick_keys(self, coder: str) -> QuickKeys:
        """Back to the default: the first nine themes in codebook order."""
        with self.transaction():
            self.db.execute("DELETE FROM quick_keys WHERE coder = ?", [coder])
            self.audit("quick_key.reset", actor=coder)
        return self.quick_keys(coder)
