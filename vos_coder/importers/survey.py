"""Survey CSV: one row per respondent. The id column names the participant,
the open-answer columns become sources, every other column an attribute.

Multi-select questions come in two shapes, both giving one attribute whose
values are the chosen options:

- one column whose cells hold ``;``-separated choices (any cell with a ``;``
  makes the column multi-select);
- one column per option, named ``question[option]`` or ``question: option``,
  holding 1/0, yes/no, true/false or x/blank. At least two columns must share
  the question, so a lone yes/no column such as ``Q7: degree related to work``
  stays a single-valued attribute.

Single-valued attributes are one-element lists; empty cells give no value.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process, utils

from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import decode, read_bytes

_OPTION_COLUMN = re.compile(r"^(?P<q>[^\[\]:]+?)\s*(?:\[(?P<a>[^\]]+)\]|:\s*(?P<b>.+))$")
_CHOSEN = {"1", "yes", "y", "true", "x", "✓", "✔"}
_NOT_CHOSEN = {"0", "no", "n", "false", ""}
_SPREADSHEETS = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


@dataclass(frozen=True)
class SurveyRow:
    """One respondent: identifier, attributes (column -> values), open answers."""

    pid: str
    attributes: dict[str, list[str]]
    answers: dict[str, str]


@dataclass(frozen=True)
class Survey:
    """A parsed survey. ``columns`` is the header as written; ``multi_select``
    the attributes that hold several choices; ``warnings`` e.g. the encoding
    guessed for a file that was not UTF-8."""

    rows: tuple[SurveyRow, ...]
    multi_select: tuple[str, ...]
    columns: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())


def _delimiter(line: str) -> str:
    """Comma, semicolon or tab: whichever the header uses most outside quotes."""
    bare = re.sub(r'"[^"]*"', "", line)
    return max(",;\t", key=bare.count)


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    if path.suffix.lower() in _SPREADSHEETS:
        raise ImportFailed(f"{path.name}: a spreadsheet, not CSV; save it as CSV (UTF-8) "
                           "from your spreadsheet program and import that")
    data = read_bytes(path, "give the survey's CSV file")
    text, warnings = decode(data, path.name)
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    sep = re.fullmatch(r'"?sep=(.)"?,*', lines[first].strip())  # Excel's "sep=;" line
    if sep:
        delimiter, text = sep.group(1), "\n".join(lines[first + 1:])
    else:
        delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:  # an unclosed quote would otherwise swallow the rest
        raise ImportFailed(f"{path.name}: not a readable CSV file ({exc} near line "
                           f"{reader.line_num}); check its quotes and save it again as CSV "
                           "(UTF-8)") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ImportFailed(f"{path.name}: needs a header row and at least one respondent "
                           "row; check it is the survey's CSV export")
    header, body = [h.strip() for h in rows[0]], rows[1:]
    # Spreadsheets often add unnamed columns that hold nothing: drop them.
    keep = [i for i, h in enumerate(header)
            if h or any(i < len(r) and r[i].strip() for r in body)]
    if len(keep) != len(header):
        header = [header[i] for i in keep]
        body = [[r[i] if i < len(r) else "" for i in keep]
                + [c for c in r[len(rows[0]):]] for r in body]
    unnamed = [str(i + 1) for i, h in enumerate(header) if not h]
    if unnamed:
        raise ImportFailed(f"{path.name}: column {', '.join(unnamed)} has no name in the header "
                           "row but holds values; name it or delete it")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ImportFailed(f"{path.name}: the header names {', '.join(map(repr, repeated))} "
                           "more than once; column names must be unique")
    return header, body, warnings


def header_of(path: Path) -> list[str]:
    """The column names of a survey CSV."""
    return _read_rows(path)[0]


def _missing(path: Path, wanted: str, header: list[str], what: str) -> ImportFailed:
    best = process.extractOne(wanted, header, processor=utils.default_process, score_cutoff=60)
    hint = f"; did you mean {best[0]!r}?" if best else ""
    return ImportFailed(f"{path.name}: no {what} column {wanted!r}{hint} "
                        f"(columns: {', '.join(header)})")


def _option_columns(header: list[str], body: list[list[str]],
                    skip: set[str]) -> dict[str, tuple[str, str]]:
    """Columns that are one option of a multi-select question: column -> (question, option)."""
    found: dict[str, tuple[str, str]] = {}
    for i, col in enumerate(header):
        m = _OPTION_COLUMN.match(col)
        if col in skip or not m:
            continue
        values = {r[i].strip().lower() for r in body if i < len(r)}
        if values <= _CHOSEN | _NOT_CHOSEN:
            found[col] = (m.group("q").strip(), (m.group("a") or m.group("b")).strip())
    per_question: dict[str, int] = defaultdict(int)
    for question, _ in found.values():
        per_question[question] += 1
    return {col: qo for col, qo in found.items() if per_question[qo[0]] >= 2}


def read_survey(path: Path, id_column: str | None,
                text_columns: list[str] | None) -> Survey:
    """Read a survey CSV. ``id_column`` names the respondent identifier (None:
    the first column); ``text_columns`` are the open answers (None: no open
    answers). Raises ImportFailed for a missing column, an empty or repeated
    id, a row longer than the header, or a file that is not CSV text."""
    header, body, warnings = _read_rows(path)
    id_column = id_column if id_column is not None else header[0]
    if id_column not in header:
        raise _missing(path, id_column, header, "id")
    for wanted in text_columns or []:
        if wanted not in header:
            raise _missing(path, wanted, header, "open-answer")
    texts = set(text_columns or [])
    idx = {c: i for i, c in enumerate(header)}
    option_of = _option_columns(header, body, texts | {id_column})
    multi = {q for q, _ in option_of.values()}
    for col in header:
        if col in texts or col == id_column or col in option_of:
            continue
        if any(";" in r[idx[col]] for r in body if len(r) > idx[col]):
            multi.add(col)
    rows: list[SurveyRow] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(body, start=2):
        if len(raw) > len(header) and any(c.strip() for c in raw[len(header):]):
            raise ImportFailed(f"{path.name}: respondent row {number} has more cells than the "
                               f"header has columns ({len(raw)} > {len(header)}); check its "
                               "quotes and delimiters")
        cells = raw[:len(header)] + [""] * (len(header) - len(raw))
        pid = cells[idx[id_column]].strip()
        if not pid:
            raise ImportFailed(f"{path.name}: respondent row {number} has no {id_column}; "
                               "give every respondent an identifier")
        if pid in seen:
            raise ImportFailed(f"{path.name}: {id_column} {pid!r} appears twice (rows "
                               f"{seen[pid]} and {number}); identifiers must be unique")
        seen[pid] = number
        attributes: dict[str, list[str]] = {}
        answers: dict[str, str] = {}
        for col, cell in zip(header, cells, strict=True):
            value = cell.strip()
            if col == id_column:
                continue
            if col in texts:
                answers[col] = value
            elif col in option_of:
                if value.lower() in _CHOSEN:
                    question, option = option_of[col]
                    attributes.setdefault(question, [])
                    if option not in attributes[question]:
                        attributes[question].append(option)
            elif col in multi:
                chosen = [v.strip() for v in value.split(";") if v.strip()]
                if chosen:
                    attributes.setdefault(col, []).extend(chosen)
            elif value:
                attributes.setdefault(col, []).append(value)
        rows.append(SurveyRow(pid, attributes, answers))
    return Survey(tuple(rows), tuple(sorted(multi)), tuple(header), tuple(warnings))
