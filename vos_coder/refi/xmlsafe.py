"""Parsing untrusted XML: no DTDs, no entities, no network, clear errors."""

from __future__ import annotations

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from lxml import etree

from vos_coder.errors import ImportFailed


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def parse_untrusted(data: bytes, what: str) -> etree._Element:
    """The root element of ``data``; ImportFailed for a DTD, an entity
    declaration, an external reference or XML that is not well formed."""
    if not data.strip():
        raise ImportFailed(f"{what} is empty")
    try:
        # defusedxml's gate refuses any DOCTYPE, entity declaration or external reference.
        DefusedET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFailed(f"{what} declares a DTD or entities ({type(exc).__name__}); "
                           "refused, nothing imported") from None
    except DefusedET.ParseError as exc:
        raise ImportFailed(f"{what} is not well-formed XML ({exc}); nothing imported") from None
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(f"{what} is not well-formed XML ({exc.msg}); nothing imported") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportFailed(f"{what} declares a DTD; refused, nothing imported")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise ImportFailed(f"{what} uses an entity reference; refused, nothing imported")
    return root


def local(el: etree._Element) -> str:
    """An element's name without its namespace."""
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def kids(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children called ``name`` (any namespace: tools differ)."""
    return [c for c in el if local(c) == name]


def kid(el: etree._Element, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def kid_text(el: etree._Element, name: str) -> str:
    k = kid(el, name)
    return (k.text or "") if k is not None else ""
