"""Writing QDA-XML with lxml: project.qde and .qdc codebooks, checked against
the REFI-QDA schemas (bundled in ``schemas/``, MIT licence) before they are written."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from lxml import etree

from vos_coder.errors import VosError
from vos_coder.refi.model import (
    Code,
    CodingRef,
    QdaProject,
    Selection,
    TextSource,
    VariableValue,
    utc_datetime,
)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
VALUE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")


def xml_text(value: str) -> str:
    """Text with the characters XML 1.0 cannot hold removed."""
    return _BAD_XML_CHARS.sub("", value)


def datetime_or_none(value: str) -> str | None:
    """The value as a UTC xsd:dateTime in the ``Z`` form, else None (so it is left out).

    QualCoder (4.0) appends ``Z`` to whatever it read, so an offset such as
    ``+00:00`` would come back as ``+00:00Z``; the ``Z`` form survives it."""
    value = (value or "").strip()
    when = utc_datetime(value) if _DATETIME.match(value) else None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


class _Builder:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, parent: etree._Element | None, tag: str, attrs: dict | None = None,
           text: str | None = None) -> etree._Element:
        clean = {k: xml_text(str(v)) for k, v in (attrs or {}).items() if v not in (None, "")}
        name = f"{{{self.ns}}}{tag}"
        node = etree.Element(name, clean, nsmap={None: self.ns}) if parent is None \
            else etree.SubElement(parent, name, clean)
        if text is not None:
            node.text = xml_text(text)
        return node


def _code(b: _Builder, parent: etree._Element, code: Code, with_notes: bool) -> None:
    attrs = {"guid": code.guid, "name": code.name, "isCodable": "true" if code.codable else "false",
             "color": code.color if _RGB.match(code.color or "") else None}
    node = b.el(parent, "Code", attrs)
    if code.description:
        b.el(node, "Description", text=code.description)
    if with_notes:
        for ref in code.note_refs:
            b.el(node, "NoteRef", {"targetGUID": ref})
    for child in code.children:
        _code(b, node, child, with_notes)


def _coding(b: _Builder, parent: etree._Element, c: CodingRef) -> None:
    node = b.el(parent, "Coding", {"guid": c.guid, "creatingUser": c.user or None,
                                   "creationDateTime": datetime_or_none(c.created)})
    b.el(node, "CodeRef", {"targetGUID": c.code})


def _values(b: _Builder, parent: etree._Element, values: list[VariableValue]) -> None:
    for v in values:
        node = b.el(parent, "VariableValue")
        b.el(node, "VariableRef", {"targetGUID": v.variable})
        tag = f"{v.type}Value" if v.type in VALUE_TYPES else "TextValue"
        b.el(node, tag, text=v.value)


def _selection(b: _Builder, parent: etree._Element, s: Selection) -> None:
    node = b.el(parent, "PlainTextSelection", {
        "guid": s.guid, "name": s.name or None, "startPosition": s.start, "endPosition": s.end,
        "creatingUser": s.user or None, "creationDateTime": datetime_or_none(s.created)})
    for c in s.codings:
        _coding(b, node, c)
    for ref in s.note_refs:
        b.el(node, "NoteRef", {"targetGUID": ref})


def _source(b: _Builder, parent: etree._Element, src: TextSource) -> None:
    node = b.el(parent, "TextSource", {"guid": src.guid, "name": src.name,
                                       "plainTextPath": src.plain_text_path or None})
    if src.description:
        b.el(node, "Description", text=src.description)
    if not src.plain_text_path:
        b.el(node, "PlainTextContent", text=src.content or "")
    for s in src.selections:
        _selection(b, node, s)
    for c in src.codings:
        _coding(b, node, c)
    for ref in src.note_refs:
        b.el(node, "NoteRef", {"targetGUID": ref})
    _values(b, node, src.values)


def build_project(qp: QdaProject) -> etree._Element:
    """The <Project> element, children in the order the schema requires."""
    b = _Builder(PROJECT_NS)
    root = b.el(None, "Project", {"name": qp.name or "vos-coder project", "origin": qp.origin})
    if qp.users:
        users = b.el(root, "Users")
        for u in qp.users:
            b.el(users, "User", {"guid": u.guid, "name": u.name})
    if qp.codes:
        codes = b.el(b.el(root, "CodeBook"), "Codes")
        for c in qp.codes:
            _code(b, codes, c, with_notes=True)
    if qp.variables:
        variables = b.el(root, "Variables")
        for v in qp.variables:
            b.el(variables, "Variable", {"guid": v.guid, "name": v.name, "typeOfVariable": v.type})
    if qp.cases:
        cases = b.el(root, "Cases")
        for case in qp.cases:
            node = b.el(cases, "Case", {"guid": case.guid, "name": case.name})
            if case.description:
                b.el(node, "Description", text=case.description)
            _values(b, node, case.values)
            for ref in case.source_refs:
                b.el(node, "SourceRef", {"targetGUID": ref})
    if qp.sources:
        sources = b.el(root, "Sources")
        for src in qp.sources:
            _source(b, sources, src)
    if qp.notes:
        notes = b.el(root, "Notes")
        for n in qp.notes:
            node = b.el(notes, "Note", {"guid": n.guid, "name": n.name, "creatingUser": n.user or None,
                                        "creationDateTime": datetime_or_none(n.created)})
            b.el(node, "PlainTextContent", text=n.text)
    if qp.links:
        links = b.el(root, "Links")
        for link in qp.links:
            b.el(links, "Link", {"guid": link.guid, "name": link.name, "direction": "OneWay",
                                 "originGUID": link.origin, "targetGUID": link.target})
    for ref in qp.project_note_refs:
        b.el(root, "NoteRef", {"targetGUID": ref})
    return root


def build_codebook(codes: list[Code], origin: str) -> etree._Element:
    """The <CodeBook> element of a .qdc file."""
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", {"origin": origin})
    node = b.el(root, "Codes")
    for c in codes:
        _code(b, node, c, with_notes=False)
    return root


@cache
def schema(name: str) -> etree.XMLSchema:
    """A bundled REFI-QDA schema: 'Project-mrt2019.xsd' or 'Codebook-mrt2019.xsd'."""
    data = resources.files("vos_coder.refi").joinpath("schemas", name).read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.fromstring(data, parser))


def serialise(root: etree._Element, schema_name: str) -> bytes:
    """UTF-8 XML bytes, after checking the element against the schema."""
    xsd = schema(schema_name)
    if not xsd.validate(root):
        first = xsd.error_log.filter_from_errors()[0] if xsd.error_log else "unknown"
        raise VosError(f"internal error: the REFI-QDA file does not validate ({first}); "
                       "please report it")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def project_qde(qp: QdaProject) -> bytes:
    return serialise(build_project(qp), "Project-mrt2019.xsd")


def codebook_qdc(codes: list[Code], origin: str) -> bytes:
    return serialise(build_codebook(codes, origin), "Codebook-mrt2019.xsd")
