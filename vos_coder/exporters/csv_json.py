"""A quote set as CSV or JSON: one row per quote with participant, group, theme
paths, source, start, end, turn, status, text and display text.

CSV cells that a spreadsheet would run as a formula (starting with = + - @,
tab or CR) get a leading apostrophe, as the OWASP CSV-injection guidance
recommends (core/controls.csv_cell)."""

from __future__ import annotations

import csv
import io
import json

from vos_coder.core.controls import csv_cell
from vos_coder.exporters.quoteset import QuoteSet

COLUMNS = ("quote", "participant", "group", "themes", "source", "source_id", "start", "end", "turn",
           "timestamp", "status", "text", "display_text", "printed", "attribution")


def render_csv(qs: QuoteSet) -> str:
    """CSV with a header row; several theme paths are joined with ``; ``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    columns = (*COLUMNS, "memos") if qs.with_memos else COLUMNS
    w.writerow(columns)
    for item in qs.items:
        row = item.as_row()
        row["themes"] = "; ".join(row["themes"])
        row["memos"] = "\n".join(row.get("memos", []))
        w.writerow(["" if row[c] is None else csv_cell(row[c]) for c in columns])
    return buf.getvalue()


def render_json(qs: QuoteSet) -> str:
    """A JSON list, one object per quote (``themes`` is a list)."""
    rows = [i.as_row() for i in qs.items]
    if qs.with_memos:
        for r in rows:
            r.setdefault("memos", [])
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
