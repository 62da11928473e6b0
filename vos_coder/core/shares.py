"""Figures written as the reports write them: ``56% (n=28)``."""

from __future__ import annotations


def percent(n: int, total: int) -> int:
    """Whole-number percentage, rounded half up (28 of 50 -> 56)."""
    if total <= 0:
        return 0
    return int((200 * n + total) // (2 * total))


def share(n: int, total: int) -> str:
    """``56% (n=28)``: the share of ``total`` and the count it rests on."""
    return f"{percent(n, total)}% (n={n})"
