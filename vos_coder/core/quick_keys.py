"""Quick keys 1-9 of the workbench: which digit codes with which theme.

Each coder keeps their own assignment in the project. A coder who has never
assigned a key gets the default: the first nine themes in codebook order
(depth first, as the codebook panel lists them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from vos_coder.core.model import Theme

DIGITS = range(1, 10)
DEFAULT_RULE = "the first nine themes in codebook order"


@dataclass(frozen=True)
class QuickKeys:
    """digit -> theme for one coder; ``default`` when nothing is saved."""

    coder: str
    themes: Mapping[int, Theme] = field(default_factory=dict)
    default: bool = True

    def digit_of(self, theme_id: int) -> int | None:
        """The digit that codes with the theme, or None."""
        return next((d for d, t in self.themes.items() if t.id == theme_id), None)


def default_keys(themes: Sequence[Theme]) -> dict[int, Theme]:
    """The first nine themes in codebook order."""
    return dict(zip(DIGITS, themes))


def reassign(current: Mapping[int, int], digit: int, theme_id: int | None) -> dict[int, int]:
    """digit -> theme id after putting ``theme_id`` on ``digit`` (None frees
    the digit). A theme sits on one digit at most: its old digit is freed."""
    if digit not in DIGITS:
        raise ValueError(f"a quick key is a digit from 1 to 9, not {digit}")
    out = {d: t for d, t in current.items() if d != digit and t != theme_id}
    if theme_id is not None:
        out[digit] = theme_id
    return dict(sorted(out.items()))
