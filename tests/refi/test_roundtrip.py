"""Export then import into a new project gives the same project; every
exported project.qde validates against the REFI-QDA schema."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.refi.conftest import ALBANIAN, assert_valid_project, qde_of, snapshot
from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.refi import export_qdpx, import_qdpx, read_qdpx
from vos_coder.store import Project


def _round_trip(p: Project, tmp_path, name: str = "new.db") -> Project:
    out = tmp_path / "out.qdpx"
    export_qdpx(p, out)
    assert_valid_project(qde_of(out))
    q = Project.create(tmp_path / name, codebook="empty")
    import_qdpx(q, out)
    return q


def test_round_trip_keeps_everything(rich_project, tmp_path):
    q = _round_trip(rich_project, tmp_path)
    try:
        before, after = snapshot(rich_project), snapshot(q)
        for key in before:
            assert after[key] == before[key], key
        assert len(after["codings"]) == 5 and len(after["memos"]) == 5
        # the invariant: every excerpt's text is its source's text at its offsets
        for s in q.sources():
            text = q.source_text(s.id)
            for e, _ in q.excerpts(s.id):
                assert text[e.start:e.end] == e.text
    finally:
        q.close()


def test_export_writes_the_stored_text_and_code_point_offsets(rich_project, tmp_path):
    out = tmp_path / "out.qdpx"
    summary = export_qdpx(rich_project, out)
    assert (summary.sources, summary.excerpts, summary.codings, summary.memos) == (2, 4, 5, 5)
    root = etree.fromstring(qde_of(out))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    src = root.find(".//q:TextSource[@name='VoS-AL-02 conversation']", ns)
    path = src.get("plainTextPath")
    assert path.startswith("internal://") and path.endswith(".txt")
    with zipfile.ZipFile(out) as z:
        text = z.read("sources/" + path[len("internal://"):]).decode("utf-8")
    assert text == ALBANIAN
    sel = [s for s in src.findall("q:PlainTextSelection", ns)
           if "😶" in text[int(s.get("startPosition")):int(s.get("endPosition"))]]
    assert text[int(sel[0].get("startPosition")):int(sel[0].get("endPosition"))] == \
        "askush nuk flet për këtë. 😶 Heshtja"
    users = {u.get("name") for u in root.iterfind(".//q:User", ns)}
    assert {"ana", "bora", "lead"} <= users
    # the audit log records the export with a hash of the file
    entry = rich_project.audit_log("export.qdpx")[-1]
    assert entry.details["sha256"] == summary.sha256


def test_exporting_twice_gives_the_same_project_qde(rich_project, tmp_path):
    export_qdpx(rich_project, tmp_path / "a.qdpx")
    export_qdpx(rich_project, tmp_path / "b.qdpx")
    assert qde_of(tmp_path / "a.qdpx") == qde_of(tmp_path / "b.qdpx")


def test_withdrawn_participants_are_not_exported(rich_project, tmp_path):
    with rich_project.transaction():
        rich_project.db.execute("UPDATE participants SET consent = 'withdrawn' "
                                "WHERE pid = 'VoS-AL-02'")
    out = tmp_path / "out.qdpx"
    export_qdpx(rich_project, out)
    assert_valid_project(qde_of(out))
    with zipfile.ZipFile(out) as z:
        everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8")
    assert "VoS-AL-02" not in everything and "Heshtja" not in everything
    assert "Spoke slowly" not in everything and "Key passage" not in everything
    qp = read_qdpx(out)
    assert [c.name for c in qp.cases] == ["FW-07", "VoS-PE-01"]


def test_importing_the_same_file_twice_adds_nothing(rich_project, tmp_path):
    q = _round_trip(rich_project, tmp_path)
    try:
        first = snapshot(q)
        import_qdpx(q, tmp_path / "out.qdpx")
        assert snapshot(q) == first
    finally:
        q.close()


def test_control_characters_in_memos_still_give_valid_xml(rich_project, tmp_path):
    with rich_project.transaction():
        rich_project.interchange_memo("project", None, "bell\x07 and form feed\x0c here", "ana")
    out = tmp_path / "out.qdpx"
    export_qdpx(rich_project, out)
    assert_valid_project(qde_of(out))


def test_demo_project_round_trip(demo_project, tmp_path):
    q = _round_trip(demo_project, tmp_path)
    try:
        before, after = snapshot(demo_project), snapshot(q)
        for key in ("themes", "participants", "excerpts", "codings"):
            assert after[key] == before[key], key
        assert [s[:3] for s in after["sources"]] == [s[:3] for s in before["sources"]]
        assert after["sources"] == before["sources"]
        assert len(after["codings"]) > 10
    finally:
        q.close()


TEXTS = st.text(alphabet=st.sampled_from(list("abcë ç\nñ😶🙏🏽ÉZ\t.")), min_size=3, max_size=200)


@settings(max_examples=25, deadline=None)
@given(raw=TEXTS, cuts=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)), max_size=6))
def test_any_text_and_spans_survive_a_round_trip(raw, cuts):
    text = normalise(raw)
    assume(text.strip())
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with Project.create(tmp_path / "a.db", codebook="empty") as p:  # closed on a skip too
            p.add_theme("T")
            src = p.add_source("VoS-AL-01", "s", ParsedSource(text))
            for start, length in cuts:
                start = start % len(text)
                end = min(len(text), start + length)
                if start < end:
                    p.code(src.id, start, end, ["T"], coder="c")
            with _round_trip(p, tmp_path, "b.db") as q:
                assert snapshot(q) == snapshot(p)


def test_an_empty_project_exports_a_valid_file(project, tmp_path):
    out = tmp_path / "empty.qdpx"
    summary = export_qdpx(project, out)
    assert (summary.sources, summary.themes, summary.codings) == (0, 0, 0)
    assert_valid_project(qde_of(out))
    assert zipfile.ZipFile(out).namelist() == ["project.qde"]


def test_the_same_survey_answer_from_two_respondents_stays_two_sources(project, tmp_path):
    project.add_theme("Unsure")
    for pid in ("FW-01", "FW-02"):
        src = project.add_source(pid, f"{pid} open", ParsedSource("Nuk e di.\n", (), "survey answer"),
                                 group="frontline worker")
        project.code(src.id, 0, 9, ["Unsure"], coder="ana")
    q = _round_trip(project, tmp_path)
    try:
        assert snapshot(q) == snapshot(project)
        assert [(s.participant, s.kind) for s in q.sources()] == [
            ("FW-01", "survey answer"), ("FW-02", "survey answer")]
    finally:
        q.close()
