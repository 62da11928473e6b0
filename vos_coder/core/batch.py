"""Batch coding rows (`vos-coder code --from FILE`): one row per passage, as
`vos-coder query --format csv/jsonl` writes them, so the two round-trip."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_BAD_ROWS = 20


@dataclass(frozen=True)
class CodingRow:
    """One row of a batch file: where (``start``/``end`` or ``match``), which
    themes, by whom (None: the coder running the command), with an optional memo.
    ``line`` is the row's line in the file, for messages."""

    line: int
    source: str
    start: int | None
    end: int | None
    match: str | None
    themes: tuple[str, ...]
    coder: str | None = None
    memo: str | None = None


def bad_rows_message(name: str, bad: list[tuple[int, str]], total: int) -> str:
    """One summary line and one line per bad row, by line number."""
    bad = sorted(bad)
    head = (f"{name}: {len(bad)} of {total} row(s) cannot be coded, so nothing was coded; "
            "fix these and run it again:")
    lines = [head]
    lines += [f"  line {n}: {why}" for n, why in bad[:SHOWN_BAD_ROWS]]
    if len(bad) > SHOWN_BAD_ROWS:
        lines.append(f"  ... and {len(bad) - SHOWN_BAD_ROWS} more")
    return "\n".join(lines)
