"""REFI-QDA interchange: .qdpx projects and .qdc codebooks, in and out.

``read_qdpx`` (reader) parses an archive safely into ``model`` values;
``apply_project`` (apply) stores them in one transaction; ``export_qdpx`` and
``export_qdc`` (export) write a project out, checked against the schemas.
"""

from __future__ import annotations

from pathlib import Path

from vos_coder.errors import ImportFailed, VosError
from vos_coder.refi.apply import ImportSummary, apply_project
from vos_coder.refi.codebook import CodesResult, apply_codes
from vos_coder.refi.export import ExportSummary, export_qdc, export_qdpx
from vos_coder.refi.model import Code
from vos_coder.refi.paths import read_csv, tree_from_paths, unflatten
from vos_coder.refi.reader import read_qdc, read_qdc_origin, read_qdpx
from vos_coder.store import Project

__all__ = ["ExportSummary", "ImportSummary", "export_qdc", "export_qdpx", "import_codebook_csv",
           "import_qdc", "import_qdpx", "read_qdc", "read_qdpx"]


def import_qdpx(project: Project, path: Path, skip_invalid: bool = False) -> ImportSummary:
    """Read ``path`` and store it in ``project``: all of it, or nothing (unless
    ``skip_invalid``: then everything valid, listing what was skipped)."""
    path = Path(path)
    qp = read_qdpx(path)
    try:
        return apply_project(project, qp, path.name, skip_invalid)
    except ImportFailed:
        raise
    except VosError as exc:
        raise ImportFailed(f"{path.name}: {exc}; nothing imported") from None


def import_qdc(project: Project, path: Path) -> CodesResult:
    """Add the codes of a .qdc codebook as themes (existing ones take its definitions).
    A flat codebook naming codes by path (Taguette's) is rebuilt as a tree."""
    path = Path(path)
    codes, origin = read_qdc_origin(path)
    codes, notes = unflatten(codes, origin)
    return import_codes(project, codes, path.name, "import.qdc", notes)


def import_codebook_csv(project: Project, text: str, name: str) -> CodesResult:
    """Add the themes of a CSV codebook (Taguette's, or ``themes list --format csv``):
    names are full paths, split on ``/``."""
    rows = read_csv(text, name)
    codes, notes = tree_from_paths([(path, Code("", path, color=colour, description=desc))
                                    for path, desc, colour in rows])
    return import_codes(project, codes, name, "import.codebook_csv", notes)


def import_codes(project: Project, codes: list[Code], name: str, action: str,
                 notes: list[str]) -> CodesResult:
    try:
        with project.transaction():
            result = apply_codes(project, codes, update=True)
            project.audit(action, file=name, added=result.added, updated=result.updated)
    except ImportFailed:
        raise
    except VosError as exc:
        raise ImportFailed(f"{name}: {exc}; nothing imported") from None
    result.renamed[:0] = notes
    return result
