"""QualCoder both ways: our .qdpx in the forms its importer keeps (read from
QualCoder 4.0's refi.py), and its exports of the demo (../shared/refi/samples/)
back into vos-coder with the demo's sources, themes, codings and participants."""

from __future__ import annotations

import zipfile
from collections import Counter

import pytest
from lxml import etree

from tests.conftest import shared_path
from tests.refi.conftest import assert_valid_project, qde_of, snapshot
from vos_coder.refi import export_qdpx, import_qdpx
from vos_coder.store import Project

NS = {"q": "urn:QDA-XML:project:1.0"}
MULTI = "disclosure_barriers"


def _root(path):
    return etree.fromstring(qde_of(path))


def test_demo_export_has_one_value_per_variable_and_case(demo_project, tmp_path):
    """QualCoder aborts on a second value of one variable in one case; a multi-select
    attribute becomes one Boolean variable per option."""
    out = tmp_path / "demo.qdpx"
    export_qdpx(demo_project, out)
    assert_valid_project(qde_of(out))
    root = _root(out)
    names = {v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
             for v in root.iterfind(".//q:Variable", NS)}
    options = {n for n, t in names.values() if n.startswith(f"{MULTI}: ")}
    assert len(options) >= 2 and all(names[g][1] == "Boolean" for g in names
                                     if names[g][0] in options)
    assert (MULTI, "Text") not in names.values()
    for case in root.iterfind(".//q:Case", NS):
        refs = [vv.find("q:VariableRef", NS).get("targetGUID")
                for vv in case.iterfind("q:VariableValue", NS)]
        assert len(refs) == len(set(refs)), case.get("name")
    fw01 = root.find(".//q:Case[@name='FW-01']", NS)
    chosen = {names[vv.find("q:VariableRef", NS).get("targetGUID")][0].split(": ", 1)[1]
              for vv in fw01.iterfind("q:VariableValue", NS)
              if vv.find("q:BooleanValue", NS) is not None
              and vv.find("q:BooleanValue", NS).text == "true"}
    assert chosen == set(demo_project.participant("FW-01").attributes[MULTI])


def test_export_puts_the_coder_on_each_selection_and_times_in_z_form(rich_project, tmp_path):
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich_project, out)
    root = _root(out)
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    got = Counter()
    for sel in root.iterfind(".//q:PlainTextSelection", NS):
        codings = sel.findall("q:Coding", NS)
        assert codings and {c.get("creatingUser") for c in codings} == {sel.get("creatingUser")}
        got[users[sel.get("creatingUser")]] += len(codings)
    assert got == Counter(c["coder"] for c in rich_project.all_codings())  # ana 3, bora 2
    stamps = [el.get("creationDateTime") for el in root.iter() if el.get("creationDateTime")]
    assert stamps and all(s.endswith("Z") and "+" not in s for s in stamps)


def test_each_source_names_its_participant_in_a_source_variable(rich_project, tmp_path):
    """QualCoder ignores <SourceRef> in named cases but keeps source variables."""
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich_project, out)
    root = _root(out)
    var = root.find(".//q:Variable[@name='participant']", NS).get("guid")
    owner = {}
    for src in root.iterfind(".//q:TextSource", NS):
        for vv in src.iterfind("q:VariableValue", NS):
            if vv.find("q:VariableRef", NS).get("targetGUID") == var:
                owner[src.get("name")] = vv.find("q:TextValue", NS).text
    assert owner == {s.title: s.participant for s in rich_project.sources()}


def test_a_file_without_source_refs_keeps_the_owners(rich_project, tmp_path):
    """Our export as QualCoder re-exports it (no <SourceRef>) still links sources."""
    out = tmp_path / "rich.qdpx"
    export_qdpx(rich_project, out)
    root = _root(out)
    for ref in list(root.iterfind(".//q:SourceRef", NS)):
        ref.getparent().remove(ref)
    stripped = tmp_path / "stripped.qdpx"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(stripped, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, etree.tostring(root) if name == "project.qde" else zin.read(name))
    q = Project.create(tmp_path / "q.db", codebook="empty")
    try:
        import_qdpx(q, stripped)
        assert snapshot(q)["sources"] == snapshot(rich_project)["sources"]
        assert snapshot(q)["participants"] == snapshot(rich_project)["participants"]
    finally:
        q.close()


# -- QualCoder 4.0 beta's exports of the demo -------------------------------------------

@pytest.mark.parametrize("sample", ["qualcoder4b-export-of-demo.qdpx",
                                    "qualcoder4b-export-of-demo-crlf.qdpx"])
def test_qualcoder_export_of_the_demo_comes_back_as_the_demo(sample, demo_project, project):
    summary = import_qdpx(project, shared_path("refi", "samples", sample))
    before, after = snapshot(demo_project), snapshot(project)
    assert after["sources"] == before["sources"]  # titles, participants, kinds, texts
    # QualCoder makes new GUIDs and picks its own colours; paths and definitions stay.
    assert [t[:1] + t[3:] for t in after["themes"]] == [t[:1] + t[3:] for t in before["themes"]]
    # Every coding on the same words of the same source under the same theme;
    # QualCoder wrote the coder as "default" (we wrote it on <Coding> only, then).
    assert [c[:4] for c in after["codings"]] == [c[:4] for c in before["codings"]]
    assert {c[4] for c in after["codings"]} == {"default"}
    assert after["excerpts"] == before["excerpts"]
    # 57 participants, not 116. The sample was made from an export QualCoder could not
    # read with the multi-select attribute, so it does not hold that attribute at all.
    assert [p[:2] for p in after["participants"]] == [p[:2] for p in before["participants"]]
    for (pid, _, attrs_after), (_, _, attrs_before) in zip(after["participants"],
                                                           before["participants"], strict=True):
        a, b = dict(attrs_after), dict(attrs_before)
        b.pop(MULTI, None)
        assert MULTI not in a and a == b, pid
    assert summary.participants == 57 and not summary.skipped
    assert any("66 source(s) belong to no case" in w for w in summary.warnings)


def test_qualcoder_crlf_export_is_read_with_a_crlf_as_one_position(project):
    summary = import_qdpx(project, shared_path("refi", "samples",
                                                "qualcoder4b-export-of-demo-crlf.qdpx"))
    said = "\n".join(summary.conventions)
    assert said.count("a CRLF pair as one position") == 7  # the seven conversations
    for line in summary.conventions:
        assert "matching the text stored with them" in line


def test_qualcoder_times_with_offset_and_z_are_read(project, tmp_path):
    from tests.refi.conftest import make_qdpx, qde

    body = ('<Notes><Note guid="12121212-0000-0000-0000-000000000001" name="n" '
            'creationDateTime="2026-11-30T02:28:59+00:00Z"><PlainTextContent>Seen.'
            "</PlainTextContent></Note><Note guid='12121212-0000-0000-0000-000000000002' "
            "name='m' creationDateTime='2026-11-30 03:28:59+01:00'><PlainTextContent>Also."
            "</PlainTextContent></Note></Notes>")
    import_qdpx(project, make_qdpx(tmp_path / "t.qdpx", qde(body)))
    assert {m.created_at for m in project.all_memos()} == {"2026-11-30T02:28:59+00:00"}
