"""Statistics tables as a Word document (one table, a title and a note), for
pasting into a report. Written atomically, deterministic, audited."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vos_coder.core.controls import visible
from vos_coder.exporters import docx as docx_out
from vos_coder.exporters.gate import GateOptions, pre_export
from vos_coder.exporters.output import atomic_write, audit_export, check_target
from vos_coder.exporters.quoteset import docx_author
from vos_coder.privacy.disclosure import Checked


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return visible("; ".join(str(v) for v in value))
    return "" if value is None else visible(str(value))


def write_docx_table(project: Any, out: Path, title: str, columns: Sequence[str],
                     rows: Sequence[dict[str, Any]], what: str, filters: dict[str, Any],
                     headers: Sequence[str] | None = None, note: str | None = None,
                     force: bool = False, *, declared: Sequence[Checked],
                     gate_options: GateOptions | None = None) -> str:
    """Write ``rows`` as one Word table under ``title``; returns the SHA-256.
    ``declared`` holds the fields every string of the table comes from
    (theme names, attribute names and values, group names: the title,
    headers and cells are made of them and of fixed words); they pass the
    disclosure gate first, with the document properties."""
    out = check_target(Path(out), (".docx",), force, fix="end --out in .docx")
    from vos_coder.exporters.declared import literals

    fixed = literals((docx_author(), "document author"))
    pre_export(project, [*fixed, *declared], what=f"{what} table", options=gate_options)

    def write(tmp: Path) -> None:
        doc = docx_out.new_document(visible(title))
        table = doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, headers or columns):
            cell.text = ""
            cell.paragraphs[0].add_run(visible(name.replace("_", " "))).bold = True
        for r in rows:
            cells = table.add_row().cells
            for cell, c in zip(cells, columns):
                cell.text = _cell(r.get(c))
        if note:
            doc.add_paragraph(visible(note))
        docx_out.save(doc, tmp)

    digest = atomic_write(out, write)
    audit_export(project, what, out, "docx", len(rows), digest, filters)
    return digest
