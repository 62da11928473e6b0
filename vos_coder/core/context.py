"""A passage with a little of the text around it, cut at word boundaries
(never "four years old…" for "four years older")."""

from __future__ import annotations

from vos_coder.core.text import squash

ELLIPSIS = "…"


def context_around(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """(before, passage, after): up to ``width`` characters each side, cut
    at a word boundary, whitespace squashed, with ``…`` where text was left out."""
    a = max(0, start - width)
    if a > 0:
        space = text.find(" ", a, start)
        nl = text.find("\n", a, start)
        cuts = [c for c in (space, nl) if c != -1]
        a = min(cuts) + 1 if cuts else start
    b = min(len(text), end + width)
    if b < len(text):
        space = text.rfind(" ", end, b + 1)
        nl = text.rfind("\n", end, b + 1)
        cut = max(space, nl)
        b = cut if cut != -1 else end
    before = squash(text[a:start])
    after = squash(text[end:b])
    if before and a > 0:
        before = ELLIPSIS + before
    if after and b < len(text):
        after = after + ELLIPSIS
    sep_before = " " if before and text[start - 1:start].isspace() else ""
    sep_after = " " if after and text[end:end + 1].isspace() else ""
    return before + sep_before, squash(text[start:end]), sep_after + after
