"""Reading a report draft into paragraphs: Word (.docx), Markdown (.md), plain
text (.txt) and HTML (.html, .htm).

Each paragraph says whether it is set apart as a block quotation (a
quote-styled or indented Word paragraph, a Markdown ``>`` blockquote, an
indented text paragraph, an HTML ``<blockquote>``). HTML ``<q>`` elements are
kept as explicit inline quotations between the private-use marks ``Q_OPEN`` and
``Q_CLOSE``. Every problem with the file is one InvalidInput line.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph as DocxParagraph

from vos_coder.errors import ImportFailed, InvalidInput
from vos_coder.importers.decode import read_bytes

SUFFIXES = (".docx", ".md", ".txt", ".html", ".htm")
Q_OPEN, Q_CLOSE = "\ue000", "\ue001"  # an HTML <q> element, opened and closed

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a draft, as plain text on one line."""

    text: str
    block: bool  # set apart as a block quotation
    where: str  # "paragraph 12", "line 30": where a reader finds it


def read_draft(path: Path) -> list[Paragraph]:
    """The paragraphs of a draft, or one InvalidInput saying what is wrong."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{name}: unknown draft type {suffix or '(none)'}; "
                           f"vos-coder verify reads {', '.join(SUFFIXES)}")
    if path.is_dir():
        raise InvalidInput(f"{name}: is a folder; give the draft file")
    try:
        data = read_bytes(path, "give the draft file")  # regular files only, size-limited
    except ImportFailed as exc:
        raise InvalidInput(exc.message) from None
    if not data.strip():
        raise InvalidInput(f"{name}: the draft is empty; nothing to check")
    if suffix == ".docx":
        paragraphs = _docx(data, name)
    else:
        text = _decode(data, name)
        paragraphs = _html(text) if suffix in (".html", ".htm") else _plain(text, suffix == ".md")
    if not any(p.text for p in paragraphs):
        raise InvalidInput(f"{name}: the draft has no text; nothing to check")
    return paragraphs


def _clean(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput(f"{name}: a zip file (a Word document?), not text; "
                           "name it .docx or save the draft as text")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(f"{name}: binary data, not a text draft; save it as .docx, .md, .txt or .html")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InvalidInput(f"{name}: not text in any encoding vos-coder recognises; save it as UTF-8")
    return str(best)


# -- Word ----------------------------------------------------------------------
def _docx(data: bytes, name: str) -> list[Paragraph]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InvalidInput(f"{name}: not a Word document (a .docx is a zip file); "
                           "open it in Word or LibreOffice and save it as .docx again")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{name}: a zip file but not a Word document ({type(exc).__name__}); "
                           "save it as .docx again") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds on bad XML
        raise InvalidInput(f"{name}: the Word document is damaged ({type(exc).__name__}); "
                           "save it as .docx again") from None
    out: list[Paragraph] = []
    for n, para in enumerate(_docx_paragraphs(document), start=1):
        text = _clean(para.text)
        if text:
            out.append(Paragraph(text, _docx_is_block(para), f"paragraph {n}"))
    return out


def _docx_paragraphs(document: DocxDocument) -> Iterator[DocxParagraph]:
    """Body paragraphs and the paragraphs of tables, in document order."""
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield item


def _docx_is_block(para: DocxParagraph) -> bool:
    """Quote-styled (a style, or a style it is based on, named "...Quote..."),
    or indented from the left and not a list item."""
    style = para.style
    indent = para.paragraph_format.left_indent
    listed = para._p.pPr is not None and para._p.pPr.numPr is not None
    while style is not None:
        if "quote" in (style.name or "").casefold():
            return True
        if "list" in (style.name or "").casefold():
            listed = True
        if indent is None:
            indent = style.paragraph_format.left_indent
        style = style.base_style
    return bool(indent and indent > 0) and not listed


# -- Markdown and plain text ---------------------------------------------------
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>\"'])")


def _markdown_inline(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(3):
        text = _MD_EMPH.sub(lambda m: m.group(2) or m.group(4), text)
    return _MD_ESCAPE.sub(r"\1", text.replace("`", ""))


def _plain(text: str, markdown: bool) -> list[Paragraph]:
    """Paragraphs are separated by blank lines; ``>`` lines are a blockquote;
    a paragraph indented by two spaces or a tab (not a list item) is one too."""
    out: list[Paragraph] = []
    lines: list[str] = []
    first = 0
    block = False

    def flush() -> None:
        nonlocal lines
        if lines:
            joined = " ".join(lines)
            if markdown:
                joined = _markdown_inline(re.sub(r"^#{1,6}\s+", "", joined))
            joined = _clean(joined)
            if joined:
                out.append(Paragraph(joined, block, f"line {first}"))
        lines = []

    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        quoted = re.match(r"^\s{0,3}>\s?", raw)
        line = raw[quoted.end():] if quoted else raw
        while quoted and re.match(r"^>\s?", line):  # nested > >
            line = re.sub(r"^>\s?", "", line)
        is_block = bool(quoted) or (bool(re.match(r"^(?: {2,}|\t)\S", raw)) and not _LIST.match(raw))
        if not line.strip():
            flush()
            continue
        if lines and (is_block != block or _LIST.match(line)):
            flush()
        if not lines:
            first, block = n, is_block
        lines.append(line.strip())
    flush()
    return out


# -- HTML ----------------------------------------------------------------------
_BREAKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "td",
           "th", "section", "article", "figure", "figcaption", "pre", "dd", "dt", "hr", "table",
           "ul", "ol", "body", "header", "footer", "main", "aside", "cite"}
_SKIP = {"script", "style", "head", "template", "noscript"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"}


class _DraftHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Paragraph] = []
        self.parts: list[str] = []
        self.line = 1
        self.skip = 0
        self.quote_stack: list[bool] = []  # per open element: does it make a block quotation?
        self.open: list[str] = []

    @property
    def in_block(self) -> bool:
        return any(self.quote_stack)

    def flush(self) -> None:
        text = _clean("".join(self.parts))
        if text:
            self.out.append(Paragraph(text, self.in_block, f"line {self.line}"))
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag in _BREAKS:
            self.flush()
        if tag == "q":
            self.parts.append(Q_OPEN)
        if tag in _VOID:
            return
        a = {k: (v or "") for k, v in attrs}
        style = a.get("style", "").replace(" ", "").casefold()
        indented = bool(re.search(r"(margin|padding)-left:(?!0(?:[a-z%]*)?(?:;|$))[0-9.]", style))
        quoteish = tag == "blockquote" or "quote" in a.get("class", "").casefold() or (
            indented and tag in ("p", "div"))
        if not self.parts:
            self.line = self.getpos()[0]
        self.open.append(tag)
        self.quote_stack.append(quoteish)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "q":
            self.parts.append(Q_CLOSE)
        if tag in _BREAKS:
            self.flush()
        if tag in self.open:
            while self.open:
                self.quote_stack.pop()
                if self.open.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.parts or not "".join(self.parts).strip():
            self.line = self.getpos()[0]
        self.parts.append(data)


def _html(text: str) -> list[Paragraph]:
    parser = _DraftHTML()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.out
