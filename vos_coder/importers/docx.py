"""Word transcripts (.docx) via python-docx: paragraphs joined by blank lines."""

from __future__ import annotations

import io
import zipfile

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed
from vos_coder.importers.turns import find_turns


def parse_docx(data: bytes, name: str) -> ParsedSource:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed(f"{name}: not a Word document (a .docx is a zip file); "
                           "open it in Word or LibreOffice and save it as .docx again")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(f"{name}: a zip file but not a Word document ({type(exc).__name__}); "
                           "save it as .docx again") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds on bad XML
        raise ImportFailed(f"{name}: the Word document is damaged ({type(exc).__name__}); "
                           "save it as .docx again") from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paragraphs.append(" ".join(cells))
    text = normalise("\n\n".join(p for p in paragraphs if p))
    if not text.strip():
        raise ImportFailed(f"{name}: the document has no text; nothing to import")
    return ParsedSource(text, find_turns(text), "conversation")
