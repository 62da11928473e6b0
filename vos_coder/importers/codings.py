"""Reading a batch coding file: CSV (with a header) or JSON Lines (or a JSON
array), with the columns `vos-coder query --format csv/jsonl` writes.

Columns: ``source`` (id, title or participant identifier; else
``participant``), ``start`` and ``end`` (characters) or ``match`` (the
passage's text), ``themes`` (several separated by ``;`` in CSV, a list in
JSON; ``theme`` also works), ``coder`` (or ``coders`` with one name),
``memo`` (optional). Other columns are ignored. Every row is read before
anything is reported: the bad ones come back with their line numbers.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from vos_coder.core.batch import CodingRow
from vos_coder.errors import ImportFailed, InvalidInput
from vos_coder.importers.decode import read_bytes

SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any, what: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a whole number of characters") from None


def _list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def row_of(line: int, data: dict[str, Any]) -> CodingRow:
    """One CodingRow from a row's columns; ValueError says what is wrong with it."""
    data = {str(k).strip().lower(): v for k, v in data.items() if k is not None}
    source = _text(data.get("source")) or _text(data.get("participant"))
    if not source:
        raise ValueError("no source: give a source id, title or participant identifier")
    start, end = _int(data.get("start"), "start"), _int(data.get("end"), "end")
    match = _text(data.get("match")) or None
    if (start is None) != (end is None):
        raise ValueError("give both start and end, or a match text")
    if start is None and match is None:
        raise ValueError("give start and end, or a match text, for the passage")
    if start is not None and end is not None and not (0 <= start < end):
        raise ValueError(f"span {start}:{end}: end must be greater than start, both 0 or more")
    themes = _list(data.get("themes")) or _list(data.get("theme"))
    if not themes:
        raise ValueError("no theme: give one or more in the themes column")
    coder = _text(data.get("coder")) or None
    if coder is None and data.get("coders"):
        names = _list(data.get("coders"))
        if len(names) > 1:
            raise ValueError(f"coded by several coders ({', '.join(names)}): which one? Write one "
                             "coder per row (export with: vos-coder query --coder NAME)")
        coder = names[0] if names else None
    return CodingRow(line, source, start, end, match, tuple(dict.fromkeys(themes)), coder,
                     _text(data.get("memo")) or None)


def _records(path: Path, text: str, kind: str) -> list[tuple[int, Any]]:
    """(line number, row) for each record of the file."""
    if kind == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise ImportFailed(f"{path.name}: no header row; the first line names the columns")
        out, line = [], 2
        for row in reader:
            out.append((line, row))
            line = reader.line_num + 1
        return out
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path.name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(data, list):
            raise ImportFailed(f"{path.name}: a JSON file must hold a list of rows")
        return [(i + 1, row) for i, row in enumerate(data)]
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            out.append((n, json.loads(raw)))
        except json.JSONDecodeError as exc:
            out.append((n, ValueError(f"not a JSON object ({exc.msg})")))
    return out


def read_coding_rows(path: Path) -> tuple[list[CodingRow], list[tuple[int, str]], int]:
    """(good rows, [(line, what is wrong)], number of rows) of a batch file."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{path.name}: give a .csv or .jsonl file (the format of "
                           "vos-coder query --format csv or jsonl)")
    try:
        text = read_bytes(path, "give one file").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{path.name}: is not UTF-8 text; save it as UTF-8") from None
    rows: list[CodingRow] = []
    bad: list[tuple[int, str]] = []
    records = _records(path, text, kind)
    for line, record in records:
        if isinstance(record, ValueError):
            bad.append((line, str(record)))
            continue
        if not isinstance(record, dict):
            bad.append((line, "not an object with named fields"))
            continue
        try:
            rows.append(row_of(line, record))
        except ValueError as exc:
            bad.append((line, str(exc)))
    if not records:
        raise ImportFailed(f"{path.name}: no rows to code")
    return rows, bad, len(records)
