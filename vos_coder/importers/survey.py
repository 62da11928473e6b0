"""Survey CSV: one row per respondent. The id column names the participant,
open-answer columns become sources, every other column an attribute.

Multi-select questions come in two shapes, both folded into one attribute
whose values are the chosen options:
- one column whose cells hold ``;``-separated choices;
- one column per option, named ``question[option]`` or ``question: option``,
  holding 1/0, yes/no, true/false or x/blank.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from vos_coder.core.fuzzy import closest
from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import decode

_OPTION_COLUMN = re.compile(r"^(?P<q>[^\[\]:]+?)\s*(?:\[(?P<a>[^\]]+)\]|:\s*(?P<b>.+))$")
_CHOSEN = {"1", "yes", "y", "true", "x", "✓"}
_NOT_CHOSEN = {"0", "no", "n", "false", ""}


@dataclass(frozen=True)
class SurveyRow:
    pid: str
    attributes: dict[str, list[str]]
    answers: dict[str, str]


@dataclass(frozen=True)
class Survey:
    rows: tuple[SurveyRow, ...]
    multi_select: tuple[str, ...]
    columns: tuple[str, ...]


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot read it ({exc.strerror})") from None
    text, _warnings = decode(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # the header decides: comma, semicolon or tab
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFailed(f"{path.name}: not a readable CSV file ({exc})") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ImportFailed(f"{path.name}: needs a header row and at least one respondent")
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header) or not all(header):
        raise ImportFailed(f"{path.name}: column names must be unique and not empty")
    return header, rows[1:]


def header_of(path: Path) -> list[str]:
    return _read_rows(path)[0]


def read_survey(path: Path, id_column: str | None, text_columns: list[str] | None) -> Survey:
    header, body = _read_rows(path)
    id_column = id_column or header[0]
    for wanted in [id_column, *(text_columns or [])]:
        if wanted not in header:
            hint = closest(wanted, header, limit=1)
            raise ImportFailed(f"{path.name}: no column {wanted!r}"
                               + (f"; did you mean {hint[0]!r}?" if hint else "")
                               + f" (columns: {', '.join(header)})")
    texts = set(text_columns or [])
    option_of: dict[str, tuple[str, str]] = {}
    for col in header:
        m = _OPTION_COLUMN.match(col)
        if col not in texts and col != id_column and m:
            values = {r[header.index(col)].strip().lower() for r in body if len(r) > header.index(col)}
            if values <= _CHOSEN | _NOT_CHOSEN:
                option_of[col] = (m.group("q").strip(), (m.group("a") or m.group("b")).strip())
    multi = {q for q, _ in option_of.values()}
    idx = {c: i for i, c in enumerate(header)}
    for col in header:
        if col in texts or col == id_column or col in option_of:
            continue
        if any(";" in r[idx[col]] for r in body if len(r) > idx[col]):
            multi.add(col)
    rows: list[SurveyRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(body, start=2):
        cells = raw + [""] * (len(header) - len(raw))
        if len(raw) > len(header):
            raise ImportFailed(f"{path.name}: line {line} has more cells than the header")
        pid = cells[idx[id_column]].strip()
        if not pid:
            raise ImportFailed(f"{path.name}: line {line} has no {id_column}")
        if pid in seen:
            raise ImportFailed(f"{path.name}: {id_column} {pid!r} appears twice (line {line})")
        seen.add(pid)
        attributes: dict[str, list[str]] = {}
        answers: dict[str, str] = {}
        for col in header:
            value = cells[idx[col]].strip()
            if col == id_column:
                continue
            if col in texts:
                answers[col] = value
            elif col in option_of:
                if value.lower() in _CHOSEN:
                    q, option = option_of[col]
                    attributes.setdefault(q, []).append(option)
            elif col in multi:
                chosen = [v.strip() for v in value.split(";") if v.strip()]
                if chosen:
                    attributes[col] = chosen
            elif value:
                attributes[col] = [value]
        rows.append(SurveyRow(pid, attributes, answers))
    return Survey(tuple(rows), tuple(sorted(multi)), tuple(header))
