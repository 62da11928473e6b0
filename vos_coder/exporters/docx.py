"""A quote set as a Word document (python-docx): a title, a table of contents
field, themes as headings, each quote in the Quote style followed by its
attribution on its own line, and page numbers in the footer.

The file is deterministic: fixed core-property dates and fixed timestamps on
the parts of the zip, so the same project gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from vos_coder.exporters.output import ZIP_DATE, fixed_zip  # noqa: F401 (ZIP_DATE: the fixed entry date)
from vos_coder.exporters.quoteset import QuoteSet, docx_author, memo_line

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
AUTHOR = docx_author()  # the only author and last-modified-by a file gets (declared to the gate)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, TOC ...) that Word and LibreOffice compute."""
    def fld(kind: str) -> OxmlElement:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(fld("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld("end"))


def new_document(title: str) -> DocumentT:
    """A document with fixed core properties, a page-number footer and a title."""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    # Ask Word to refresh fields (the contents) when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    doc.add_heading(title, level=0)
    return doc


def save(doc: DocumentT, out: Path) -> None:
    """Save, then rewrite the zip with fixed entry dates (python-docx stamps the clock)."""
    doc.save(str(out))
    fixed_zip(out)


def build(qs: QuoteSet, advance: Callable[[int], None] | None = None) -> DocumentT:
    """The quote appendix as a python-docx Document (``advance(1)`` per quote under each heading)."""
    doc = new_document(qs.title)
    if not qs.items:
        doc.add_paragraph("No quotes match the selection.")
        return doc
    doc.add_paragraph("Contents", style="TOC Heading" if _has_style(doc, "TOC Heading") else None)
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "Update this field to show the contents (F9 in Word; Tools > Update in LibreOffice).")
    for s in qs.sections:
        doc.add_heading(s.theme.name, level=min(s.level, 9))
        for m in s.memos:
            doc.add_paragraph().add_run(memo_line(m)).italic = True
        for item in s.items:
            qid = doc.add_paragraph()
            run = qid.add_run(item.quote_id)
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
            doc.add_paragraph(f"“{item.printed}”", style="Quote")
            doc.add_paragraph(item.attribution)
            for m in item.memos:
                doc.add_paragraph().add_run(memo_line(m)).italic = True
            if advance is not None:
                advance(1)
    return doc


def _has_style(doc: DocumentT, name: str) -> bool:
    return any(s.name == name for s in doc.styles)


def write(qs: QuoteSet, out: Path, advance: Callable[[int], None] | None = None) -> None:
    """Write the quote appendix to ``out`` (a .docx path)."""
    save(build(qs, advance), out)
