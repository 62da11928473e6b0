"""Tables for analysis software (R, SPSS, Excel): every coding, and a
participants x themes matrix of counts, as CSV, XLSX (openpyxl) or JSON.

Withdrawn participants are never in them. Text in xlsx cells is always stored
as text, so a passage starting with ``=`` is never run as a formula; in CSV
such a cell gets a leading apostrophe (OWASP CSV-injection guidance). Control
characters are made visible in every format (core/controls.py).
"""

from __future__ import annotations

import csv
import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vos_coder.core.controls import csv_cell, inert_json, visible
from vos_coder.core.model import INTERVIEWER
from vos_coder.errors import InvalidInput
from vos_coder.exporters.gate import GateOptions, pre_export
from vos_coder.exporters.output import (
    Progress,
    atomic_write,
    audit_export,
    check_target,
    fixed_zip,
    no_progress,
    ticking,
)
from vos_coder.privacy.disclosure import Checked
from vos_coder.store import Project

CODING_COLUMNS = ("participant", "group", "source", "source_id", "speaker", "theme", "coder",
                  "start", "end", "text")


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


def _attribute_columns(names: Sequence[str], taken: Sequence[str]) -> dict[str, str]:
    """Attribute name -> column name (prefixed where it would clash)."""
    return {n: (f"attr_{n}" if n in taken else n) for n in names}


def codings_table(project: Project, group: str | None = None,
                  coder: str | None = None) -> tuple[Table, dict[str, dict[str, list[str]]]]:
    """One row per coding: participant and attributes, group, source, turn
    speaker, theme path, coder, start, end, text. Also returns each
    participant's attributes (for the JSON form)."""
    if group:
        project.group(group)
    project.check_coder(coder)
    people = {p.pid: p for p in project.participants(group=group)}
    names = sorted({n for p in people.values() for n in p.attributes})
    attr_cols = _attribute_columns(names, CODING_COLUMNS)
    paths = {t.id: t.path for t in project.themes()}
    rows = []
    for c in project.all_codings(group=group, coder=coder):
        p = people[c["participant"]]
        row: dict[str, Any] = {"participant": p.pid, "group": p.group}
        for n, col in attr_cols.items():
            row[col] = p.attribute(n)
        row.update({"source": c["source"], "source_id": c["source_id"], "speaker": c["speaker"],
                    "theme": paths[c["theme_id"]], "coder": c["coder"], "start": c["start"],
                    "end": c["end"], "text": c["text"]})
        rows.append(row)
    columns = ["participant", "group", *attr_cols.values(), *CODING_COLUMNS[2:]]
    return Table("codings", columns, rows), {pid: p.attributes for pid, p in people.items()}


def matrix_table(project: Project, group: str | None = None, coder: str | None = None) -> Table:
    """Participants x themes: how many excerpts of each participant are coded
    with each theme or its sub-themes (as ``themes list`` counts them). A
    passage the interviewer spoke is not the participant's and is not counted
    (``export codings`` lists it, with speaker Interviewer)."""
    if group:
        project.group(group)
    project.check_coder(coder)
    people = project.participants(group=group)
    themes = project.themes()
    ancestors: dict[int, list[int]] = {}
    for t in themes:
        ancestors[t.id] = [t.id] + (ancestors[t.parent_id] if t.parent_id else [])
    counted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for c in project.all_codings(group=group, coder=coder):
        if c["speaker"] == INTERVIEWER:
            continue
        for tid in ancestors.get(c["theme_id"], [c["theme_id"]]):
            counted[(c["participant"], tid)].add(c["excerpt_id"])
    names = sorted({n for p in people for n in p.attributes})
    fixed = ["participant", "group"]
    theme_cols = [t.path for t in themes]
    attr_cols = _attribute_columns(names, fixed + theme_cols)
    rows = []
    for p in people:
        row: dict[str, Any] = {"participant": p.pid, "group": p.group}
        for n, col in attr_cols.items():
            row[col] = p.attribute(n)
        for t in themes:
            row[t.path] = len(counted.get((p.pid, t.id), ()))
        rows.append(row)
    return Table("matrix", [*fixed, *attr_cols.values(), *theme_cols], rows)


FIXED_DATE = datetime.datetime(2000, 1, 1)
XLSX_CREATOR = "openpyxl"  # the creator openpyxl writes into docProps/core.xml
SUFFIXES = {"csv": (".csv",), "xlsx": (".xlsx",), "json": (".json",)}


Advance = Callable[[int], None]


def _none(n: int = 1) -> None:
    pass


def write_csv(table: Table, out: Path, advance: Advance = _none) -> None:
    """The table as UTF-8 CSV with a header row (``advance(1)`` per row)."""
    with Path(out).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([csv_cell(c) for c in table.columns])
        for r in ticking(table.rows, advance):
            w.writerow(["" if r.get(c) is None else csv_cell(r.get(c)) for c in table.columns])


def write_xlsx(table: Table, out: Path, advance: Advance = _none) -> None:
    """The table as one bold-headed sheet; text cells never become formulas
    (``advance(1)`` per row)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Font
    from openpyxl.xml.functions import tostring

    wb = Workbook()
    ws = wb.active
    ws.title = table.name
    ws.append([ILLEGAL_CHARACTERS_RE.sub("", visible(c)) for c in table.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    # Cells are made here and appended (ws.max_row and ws[row] scan every cell:
    # asking them per row made a 2,000-row export take seconds).
    for r in ticking(table.rows, advance):
        cells = []
        for c in table.columns:
            v = r.get(c)
            cell = Cell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", visible(v)) if isinstance(v, str) else v)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        ws.append(cells)
    ws.freeze_panes = "B2"
    wb.save(out)
    # openpyxl stamps the clock into docProps/core.xml and the zip: fix both,
    # so the same project gives the same file.
    wb.properties.created = wb.properties.modified = FIXED_DATE
    fixed_zip(out, {"docProps/core.xml": tostring(wb.properties.to_tree())})


def write_json(rows: list[dict[str, Any]], out: Path) -> None:
    """Rows as an indented UTF-8 JSON array."""
    Path(out).write_text(inert_json(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n",
                         encoding="utf-8")


def _people_fields(project: Project, table: Table, with_group_rows: bool = True) -> list[Checked]:
    """Participant identifiers, group names and attribute names and values of a table."""
    from vos_coder.privacy import outgoing as o

    pids = {r["participant"] for r in table.rows}
    people = [p for p in project.participants() if p.pid in pids]
    return ([o.participant_id(p.pid) for p in people]
            + o.groups(project.groups(), {p.group for p in people})
            + o.attributes(people))


def codings_declared(project: Project, table: Table) -> list[Checked]:
    """Every string ``export codings`` writes (csv, xlsx or json): participant
    identifiers, groups, attribute names and values, source titles, turn
    speakers, theme paths, coder names and the coded text (at its place in
    its source), and the xlsx document properties."""
    from vos_coder.privacy import outgoing as o

    items = _people_fields(project, table) + o.literal(XLSX_CREATOR, "xlsx creator")
    items += o.theme_paths(project.themes(), {r["theme"] for r in table.rows})
    for r in table.rows:
        pid = r["participant"]
        items.append(o.source_title(pid, r["source_id"], r["source"]))
        turn = project.turn_at(r["source_id"], r["start"]) if r["speaker"] else None
        if turn is not None:
            items += o.speakers(pid, r["source_id"], [turn])
        if r["speaker"] and (turn is None or turn.speaker != r["speaker"]):
            items.append(Checked(pid, None, f"source {r['source_id']} turn speaker", r["speaker"],
                                 speaker=True))
        items.append(o.coder(r["coder"]))
        items.append(o.excerpt_text(pid, None, r["source_id"], r["start"], r["end"], r["text"]))
    return items


def matrix_declared(project: Project, table: Table) -> list[Checked]:
    """Every string ``export matrix`` writes: participant identifiers, groups,
    attribute names and values, theme paths (the column heads)."""
    from vos_coder.privacy import outgoing as o

    return (_people_fields(project, table) + o.literal(XLSX_CREATOR, "xlsx creator")
            + o.theme_paths(project.themes(), [t.path for t in project.themes()]))


def export_codings(project: Project, out: Path, fmt: str, group: str | None = None,
                   coder: str | None = None, allow_flagged: bool = False,
                   force: bool = False, gate_options: GateOptions | None = None,
                   progress: Progress | None = None) -> int:
    """Write every coding to ``out`` (csv, xlsx or json); returns the row count.
    Refuses an existing file unless ``force``; the passages go through the
    disclosure gate first; the file appears whole or not at all. ``progress``
    (a bar) counts the strings checked and the rows written."""
    out = check_target(Path(out), SUFFIXES[fmt], force)
    table, attributes = codings_table(project, group, coder)
    outgoing = codings_declared(project, table)
    with (progress or no_progress)(len(outgoing) + len(table.rows)) as advance:
        pre_export(project, outgoing, allow_flagged=allow_flagged, what="codings export",
                   options=gate_options, advance=advance)
        if fmt == "json":
            rows = [{"participant": r["participant"], "group": r["group"],
                     "attributes": attributes.get(r["participant"], {}),
                     **{c: r[c] for c in CODING_COLUMNS[2:]}} for r in table.rows]
            digest = atomic_write(out, lambda tmp: write_json(rows, tmp))
            advance(len(rows))
        else:
            digest = _write(table, out, fmt, advance)
    audit_export(project, "codings", out, fmt, len(table.rows), digest,
                 {"group": group, "coder": coder})
    return len(table.rows)


def export_matrix(project: Project, out: Path, fmt: str, group: str | None = None,
                  coder: str | None = None, force: bool = False,
                  gate_options: GateOptions | None = None,
                  progress: Progress | None = None) -> tuple[int, int]:
    """Write the participants x themes matrix; returns (participants, themes).
    Its strings pass the disclosure gate first. ``progress`` as for codings."""
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(f"the matrix is written as csv or xlsx, not {fmt}")
    out = check_target(Path(out), SUFFIXES[fmt], force)
    table = matrix_table(project, group, coder)
    outgoing = matrix_declared(project, table)
    with (progress or no_progress)(len(outgoing) + len(table.rows)) as advance:
        pre_export(project, outgoing, what="matrix export", options=gate_options, advance=advance)
        digest = _write(table, out, fmt, advance)
    audit_export(project, "matrix", out, fmt, len(table.rows), digest,
                 {"group": group, "coder": coder})
    return len(table.rows), len(project.themes())


def _write(table: Table, out: Path, fmt: str, advance: Advance = _none) -> str:
    writer = write_xlsx if fmt == "xlsx" else write_csv
    return atomic_write(out, lambda tmp: writer(table, tmp, advance))
