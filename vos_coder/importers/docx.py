"""Word transcripts (.docx) via python-docx.

Paragraphs and table rows are read in document order and joined by blank
lines; headers, footers and comments are left out (they often hold names).
A table row whose first cell is a speaker label (``Interviewer`` or ``I:``,
or a name such as ``Genta`` that heads at least two rows) becomes
``Interviewer: rest of the row``, so two-column transcripts keep their turns
(name labels: importers/turns.py).
"""

from __future__ import annotations

import io
import zipfile

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed
from vos_coder.importers.turns import LABEL, find_turns, name_like

_RESAVE = "open it in Word or LibreOffice and save it as .docx again"
# A transcript's XML is a few MiB at most; far more is a damaged file or a zip bomb.
MAX_UNPACKED = 256 * 1024 * 1024


def _unique(cells: list[str]) -> list[str]:
    unique: list[str] = []
    for cell in cells:  # merged cells repeat across the row
        if cell and (not unique or unique[-1] != cell):
            unique.append(cell)
    return unique


def _head(unique: list[str]) -> str:
    return unique[0].rstrip(":").strip() if len(unique) >= 2 else ""


def _row_text(unique: list[str], names: frozenset[str] = frozenset()) -> str:
    head = _head(unique)
    if head and (LABEL.fullmatch(head + ":") or head in names):
        return f"{head}: " + " ".join(unique[1:])
    return " ".join(unique)


def _blocks(document) -> list[str]:
    from docx.table import Table

    items: list[str | list[str]] = []  # paragraphs, and table rows as their cells
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            items += [_unique([c.text.strip() for c in row.cells]) for row in item.rows]
        else:
            items.append(item.text.strip())
    heads = [_head(i) for i in items if isinstance(i, list)]
    names = frozenset(h for h in heads if h and name_like(h) and heads.count(h) >= 2)
    blocks = [i if isinstance(i, str) else _row_text(i, names) for i in items]
    return [b for b in blocks if b]


def parse_docx(data: bytes, name: str) -> ParsedSource:
    """The text and turns of a .docx file's bytes; ImportFailed if it is not one."""
    import docx  # python-docx, imported late: it is slow to load
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed(f"{name}: not a Word document (a .docx is a zip file and this is "
                           f"not); {_RESAVE}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as exc:  # noqa: BLE001 - a damaged central directory raises many kinds
        raise ImportFailed(f"{name}: a damaged zip file, not a readable Word document "
                           f"({type(exc).__name__}); {_RESAVE}") from None
    if unpacked > MAX_UNPACKED:
        raise ImportFailed(f"{name}: unpacks to {unpacked // 2**20} MiB, far more than a "
                           f"transcript (a damaged file or a zip bomb?); {_RESAVE}")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise ImportFailed(f"{name}: a zip file but not a Word document "
                           f"({type(exc).__name__}); {_RESAVE}") from None
    except Exception as exc:  # noqa: BLE001 - lxml, zipfile and python-docx raise many kinds
        raise ImportFailed(f"{name}: not a Word document, or a damaged one "
                           f"({type(exc).__name__}); {_RESAVE}") from None
    text = normalise("\n\n".join(blocks))
    if not text:
        raise ImportFailed(f"{name}: the Word document has no text; nothing to import")
    return ParsedSource(text, find_turns(text), "conversation")
