"""Untrusted .qdpx and .qdc input: arbitrary bytes, random archives and random
XML never raise anything but ImportFailed, and never change the project."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import open_raw
from vos_coder.errors import ImportFailed
from vos_coder.refi import import_qdpx
from vos_coder.refi.reader import parse_project, read_qdc
from vos_coder.store.engine import iterdump

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

XML_BITS = st.sampled_from([
    '<?xml version="1.0" encoding="utf-8"?>', '<Project xmlns="urn:QDA-XML:project:1.0" name="x">',
    "</Project>", "<CodeBook><Codes>", '<Code guid="{g}" name="a" isCodable="true"/>', "</Codes></CodeBook>",
    "<Sources>", '<TextSource guid="{g}" name="s" plainTextPath="internal://{g}.txt">',
    '<PlainTextSelection guid="{g}" startPosition="{n}" endPosition="{m}">', "</PlainTextSelection>",
    "</TextSource>", "</Sources>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "<",
])


@st.composite
def xml_soup(draw):
    parts = draw(st.lists(XML_BITS, max_size=14))
    text = "".join(parts).replace("{g}", "6f1c6f5e-3d0a-4d7e-9a55-0b5c2a1e9d11")
    return text.replace("{n}", str(draw(st.integers(-5, 50)))).replace("{m}", str(draw(st.integers(-5, 50))))


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def _dump(project) -> list[str]:
    conn = open_raw(project.path)
    try:
        return list(iterdump(conn))
    finally:
        conn.close()


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_qdpx(project, tmp_path, data):
    path = tmp_path / "x.qdpx"
    path.write_bytes(data)
    before = _dump(project)
    try:
        import_qdpx(project, path)
    except ImportFailed:
        pass
    assert _dump(project) == before


@FUZZ
@given(xml=xml_soup(), extra=st.dictionaries(st.sampled_from(["sources/a.txt", "../evil", "x/y"]),
                                             st.binary(max_size=50), max_size=2))
def test_random_archives_with_project_xml(project, tmp_path, xml, extra):
    path = tmp_path / "x.qdpx"
    path.write_bytes(_zip({"project.qde": xml.encode(), **extra}))
    before = _dump(project)
    try:
        import_qdpx(project, path)
    except ImportFailed:
        assert _dump(project) == before


@FUZZ
@given(xml=xml_soup())
def test_random_xml_to_the_parsers(tmp_path, xml):
    try:
        parse_project(xml.encode())
    except ImportFailed:
        pass
    path = tmp_path / "c.qdc"
    path.write_text(xml, encoding="utf-8")
    try:
        read_qdc(path)
    except ImportFailed:
        pass
