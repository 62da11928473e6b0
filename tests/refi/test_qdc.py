"""REFI-QDA codebooks (.qdc): export validates, import rebuilds the tree."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from tests.conftest import shared_path
from tests.refi.conftest import dump
from vos_coder.errors import ImportFailed
from vos_coder.refi import export_qdc, import_qdc
from vos_coder.refi.reader import parse_codebook
from vos_coder.refi.writer import schema
from vos_coder.store import Project


def test_qdc_round_trip(rich_project, tmp_path):
    out = tmp_path / "book.qdc"
    assert export_qdc(rich_project, out) == 4
    assert rich_project.audit_log("export.qdc")[-1].details["themes"] == 4
    doc = etree.fromstring(out.read_bytes())
    xsd = schema("Codebook-mrt2019.xsd")
    assert xsd.validate(doc), xsd.error_log
    assert doc.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    q = Project.create(tmp_path / "q.db", codebook="empty")
    try:
        result = import_qdc(q, out)
        assert (result.added, result.updated) == (4, 0)
        keep = [(t.path, t.uuid, t.colour, t.description, t.inclusion, t.exclusion)
                for t in rich_project.themes()]
        assert [(t.path, t.uuid, t.colour, t.description, t.inclusion, t.exclusion)
                for t in q.themes()] == keep
        # importing again matches every code by its GUID: nothing new, nothing changed
        again = import_qdc(q, out)
        assert (again.added, again.updated) == (0, 0)
    finally:
        q.close()


def test_qdc_updates_existing_themes_by_path(project, tmp_path):
    project.add_theme("Hotlines")
    (tmp_path / "b.qdc").write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="{5215CC69-B628-4E02-AFB9-9BEEAEE55808}" name="Hotlines" isCodable="true" '
        'color="#FFFF00"><Description>Numbers to call.</Description>'
        '<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="116" isCodable="true"/>'
        "</Code></Codes></CodeBook>", encoding="utf-8")
    result = import_qdc(project, tmp_path / "b.qdc")
    assert (result.added, result.updated) == (1, 1)
    t = project.theme("Hotlines")
    assert (t.colour, t.description) == ("#ffff00", "Numbers to call.")
    assert project.theme("Hotlines/116").uuid == "d7aa29da-519b-4946-9b90-253b6db8fd0a"


def test_hostile_or_broken_qdc_is_refused(project, tmp_path):
    before = dump(project.path)
    cases = {
        "xxe.qdc": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
        "bad.qdc": "<CodeBook><Codes><Code",
        "other.qdc": "<Something/>",
        "none.qdc": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
    }
    expected = {"xxe.qdc": "DTD", "bad.qdc": "not well-formed", "other.qdc": "not a REFI-QDA",
                "none.qdc": "no <Codes>"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(ImportFailed, match=expected[name]):
            import_qdc(project, tmp_path / name)
    assert dump(project.path) == before


def test_codebook_of_a_sample_project():
    """A project.qde read as a codebook gives its code tree."""
    path = shared_path("refi", "samples", "atlasti23-codes.qdpx")
    codes = parse_codebook(zipfile.ZipFile(path).read("project.qde"))
    assert [c.name for c in codes] == ["Commits"] and len(codes[0].children) == 2
