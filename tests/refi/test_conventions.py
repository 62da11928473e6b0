"""Position conventions found from the text: UTF-16 units (NVivo), a CRLF as one
(QualCoder's MAXQDA endings, ATLAS.ti), a counted byte-order mark; ties refused;
and our own export for tools that count UTF-16 units."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.refi.conftest import ALBANIAN, assert_valid_project, make_qdpx, qde, qde_of, snapshot
from vos_coder.errors import ImportFailed
from vos_coder.refi import export_qdpx, import_qdpx
from vos_coder.refi.conventions import Convention, Units
from vos_coder.store import Project

CODE = "cccccccc-0000-0000-0000-000000000001"
# NVivo-shaped: a BOM, Windows line endings, emoji outside the BMP before the passages.
RAW = ("Interviewer: How did you feel? 😔\r\n"
       "VoS-AL-09: I kept it to myself 🤐 for months. 🙏🏽\r\n"
       "Interviewer: And later?\r\n"
       "VoS-AL-09: A youth worker listened. She knew the helpline number.\r\n")
WORDS = ["I kept it to myself", "for months", "A youth worker listened",
         "She knew the helpline number.", "And later?"]


def _units(text: str, utf16: bool, crlf_one: bool, bom: bool) -> list[int]:
    out, n = [], 1 if bom else 0
    for i, ch in enumerate(text):
        out.append(n)
        if crlf_one and ch == "\r" and text[i + 1:i + 2] == "\n":
            continue
        n += 2 if utf16 and ord(ch) > 0xFFFF else 1
    out.append(n)
    return out


def _fixture(tmp_path, *, utf16=False, crlf_one=False, bom_counted=False, names=False,
             raw=RAW, words=WORDS, origin="NVivo", bom=True):
    u = _units(raw, utf16, crlf_one, bom_counted)
    sels = []
    for n, w in enumerate(words):
        a = raw.index(w)
        name = f' name="{w}"' if names else ""
        sels.append(f'<PlainTextSelection guid="ffffffff-0000-0000-0000-{n:012d}"{name} '
                    f'startPosition="{u[a]}" endPosition="{u[a + len(w)]}"><Coding '
                    f'guid="99999999-0000-0000-0000-{n:012d}"><CodeRef targetGUID="{CODE}"/>'
                    "</Coding></PlainTextSelection>")
    body = (f'<CodeBook><Codes><Code guid="{CODE}" name="Disclosure" isCodable="true"/></Codes>'
            f'</CodeBook><Sources><TextSource guid="eeeeeeee-0000-0000-0000-000000000001" '
            f'name="VoS-AL-09" plainTextPath="internal://a.txt">{"".join(sels)}</TextSource>'
            "</Sources>")
    data = (b"\xef\xbb\xbf" if bom else b"") + raw.encode("utf-8")
    return make_qdpx(tmp_path / "in.qdpx", qde(body, f'name="t" origin="{origin}"'), {"a.txt": data})


def _texts(project: Project) -> list[str]:
    return sorted(e.text for e, _ in project.excerpts(project.sources()[0].id))


@pytest.mark.parametrize("utf16,crlf_one,bom_counted,said", [
    (True, False, False, "UTF-16 code units"),  # NVivo 12 on Windows
    (False, True, False, "code points, a CRLF pair as one position"),  # MAXQDA endings, ATLAS.ti
    (True, True, False, "UTF-16 code units, a CRLF pair as one position"),
    (False, False, True, "code points, the byte-order mark counted"),
])
def test_each_convention_is_found_and_said(project, tmp_path, utf16, crlf_one, bom_counted, said):
    path = _fixture(tmp_path, utf16=utf16, crlf_one=crlf_one, bom_counted=bom_counted)
    summary = import_qdpx(project, path)
    assert _texts(project) == sorted(WORDS)
    assert len(summary.conventions) == 1
    assert f"positions count {said} (5 of 5 selection(s) at word or line boundaries" \
        in summary.conventions[0]


def test_the_specification_s_counting_is_kept_without_a_note(project, tmp_path):
    summary = import_qdpx(project, _fixture(tmp_path))
    assert _texts(project) == sorted(WORDS) and summary.conventions == []


def test_stored_selection_text_is_evidence_too(project, tmp_path):
    summary = import_qdpx(project, _fixture(tmp_path, crlf_one=True, names=True, origin="QualCoder"))
    assert _texts(project) == sorted(WORDS)
    assert "5 matching the text stored with them" in summary.conventions[0]


def test_a_tie_between_conventions_is_refused_with_the_reason(project, tmp_path):
    raw = "😀a.b.c\n"
    body = (f'<CodeBook><Codes><Code guid="{CODE}" name="X" isCodable="true"/></Codes></CodeBook>'
            '<Sources><TextSource guid="eeeeeeee-0000-0000-0000-000000000001" name="VoS-AL-01" '
            'plainTextPath="internal://a.txt"><PlainTextSelection guid="ffffffff-0000-0000-0000-'
            '000000000001" startPosition="3" endPosition="4"><Coding guid="99999999-0000-0000-0000-'
            f'000000000001"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
            "</TextSource></Sources>")
    path = make_qdpx(tmp_path / "tie.qdpx", qde(body, 'name="t" origin="Other"'),
                     {"a.txt": raw.encode()})
    with pytest.raises(ImportFailed) as exc:
        import_qdpx(project, path)
    assert ("cannot tell how its positions are counted: its 1 selection(s) fit counting code "
            "points and counting UTF-16 code units equally well") in str(exc.value)
    assert project.sources() == []


def test_export_for_tools_counting_utf16_units(rich_project, tmp_path):
    out = tmp_path / "nvivo.qdpx"
    export_qdpx(rich_project, out, positions="utf16")
    assert_valid_project(qde_of(out))
    root = etree.fromstring(qde_of(out))
    assert root.get("origin").endswith("; positions in UTF-16 code units")
    with zipfile.ZipFile(out) as z:
        src = root.find(".//{*}TextSource[@name='VoS-AL-02 conversation']")
        text = z.read("sources/" + src.get("plainTextPath")[len("internal://"):]).decode()
    units = text.encode("utf-16-le")
    needle = "Psikologia e shkollës më dëgjoi"  # after one emoji: one unit further on
    sel = [s for s in src.iterfind("{*}PlainTextSelection")
           if units[2 * int(s.get("startPosition")):2 * int(s.get("endPosition"))]
           .decode("utf-16-le") == needle]
    assert sel and int(sel[0].get("startPosition")) == ALBANIAN.index(needle) + 1
    q = Project.create(tmp_path / "q.db", codebook="empty")
    try:
        summary = import_qdpx(q, out)  # our own file says how it counts
        assert snapshot(q) == snapshot(rich_project)
        assert all("written so by vos-coder" in c for c in summary.conventions)
    finally:
        q.close()


@settings(max_examples=60, deadline=None)
@given(raw=st.text(alphabet=st.sampled_from(list("ab ë\r\n😔🙏🏽.")), max_size=60),
       utf16=st.booleans(), crlf_one=st.booleans(), bom=st.booleans())
def test_units_invert_every_counting(raw, utf16, crlf_one, bom):
    conv = Convention(utf16, crlf_one, bom)
    u = _units(raw, utf16, crlf_one, bom)
    units = Units(raw, conv)
    assert units.total == u[-1]
    for i in range(len(raw) + 1):
        got = units.codepoint(u[i])
        if crlf_one and raw[i:i + 2] == "\r\n":
            assert got in (i, i + 1)  # the CR and its LF share a position; both map to one line end
        else:
            assert got == i
