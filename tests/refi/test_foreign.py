"""Files as other QDA tools write them: CRLF, decomposed accents, emoji, a BOM,
paths without internal://, sources without cases, unsupported source types,
empty plain text beside a .docx; and the real samples in ../shared/refi/."""

from __future__ import annotations

import io
import unicodedata

import docx

from tests.conftest import shared_path
from tests.refi.conftest import make_qdpx, qde
from vos_coder.refi import import_qdpx, read_qdpx

U1, U2 = "aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"
C_TOP, C_KID, C_SLASH = ("cccccccc-0000-0000-0000-00000000000" + d for d in "123")
V_AGE, V_CONS = "dddddddd-0000-0000-0000-000000000001", "dddddddd-0000-0000-0000-000000000002"
S1, S2, S3 = ("eeeeeeee-0000-0000-0000-00000000000" + d for d in "123")

# The plain text as another tool stored it: BOM, CRLF, decomposed ë and ç, emoji.
RAW = ("Intervistuesja: A kishe ku të telefonoje?\r\n"
       "VoS-AL-05: Jo. Në Korçë askush s'më tha për linjën 116. 😔 Më vonë po.\r\n"
       "Intervistuesja: Faleminderit.\r\n")
RAW_NFD = unicodedata.normalize("NFD", RAW)
FILE_BYTES = b"\xef\xbb\xbf" + RAW_NFD.encode("utf-8")


def _pos(needle: str) -> tuple[int, int]:
    """Positions as the other tool counts them: code points of the file (after the BOM)."""
    n = unicodedata.normalize("NFD", needle)
    start = RAW_NFD.index(n)
    return start, start + len(n)


def _selection(guid_tail: str, needle: str, code: str, user: str, note: str = "") -> str:
    a, b = _pos(needle)
    ref = f'<NoteRef targetGUID="{note}"/>' if note else ""
    return (f'<PlainTextSelection guid="ffffffff-0000-0000-0000-{guid_tail}" startPosition="{a}" '
            f'endPosition="{b}" creatingUser="{user}"><Coding guid="99999999-0000-0000-0000-'
            f'{guid_tail}" creatingUser="{user}" creationDateTime="2024-03-01T10:00:00Z">'
            f'<CodeRef targetGUID="{code}"/></Coding>{ref}</PlainTextSelection>')


def _foreign(tmp_path):
    body = (
        f'<Users><User guid="{U1}" name="Ilir"/><User guid="{U2}" id="ME"/></Users>'
        f'<CodeBook><Codes><Code guid="{C_TOP}" name="Reporting" isCodable="false" color="#3366FF">'
        f"<Description>How reporting goes.</Description>"
        f'<Code guid="{C_KID}" name="Hotlines" isCodable="true"/>'
        f'<Code guid="{C_SLASH}" name="Police / media" isCodable="true" color="blue"/>'
        f"</Code></Codes></CodeBook>"
        f'<Variables><Variable guid="{V_AGE}" name="age" typeOfVariable="Integer"/>'
        f'<Variable guid="{V_CONS}" name="consented" typeOfVariable="Boolean"/></Variables>'
        f'<Cases><Case guid="bbbbbbbb-0000-0000-0000-000000000001" name="VoS-AL-05">'
        f'<VariableValue><VariableRef targetGUID="{V_AGE}"/><IntegerValue>18</IntegerValue>'
        f'</VariableValue><VariableValue><VariableRef targetGUID="{V_CONS}"/>'
        f"<BooleanValue>true</BooleanValue></VariableValue>"
        f'<SourceRef targetGUID="{S1}"/></Case></Cases>'
        f"<Sources>"
        f'<TextSource guid="{S1}" name="Interview 5.docx" plainTextPath="al05.txt" '
        f'richTextPath="internal://al05.docx">'
        + _selection("000000000001", "askush s'më tha për linjën 116. 😔", C_KID, U1,
                     note="12121212-0000-0000-0000-000000000001")
        + _selection("000000000002", "Korçë", C_SLASH, U2)
        + '<PlainTextSelection guid="ffffffff-0000-0000-0000-000000000009" startPosition="5000" '
          'endPosition="5010"/>'
        + f"</TextSource>"
        f'<TextSource guid="{S2}" name="VoS-AL-06 notes"><PlainTextContent>Shënime të shkurtra '
        f"nga takimi.</PlainTextContent></TextSource>"
        f'<TextSource guid="{S3}" name="Scanned letter" plainTextPath="internal://s3.txt" '
        f'richTextPath="internal://s3.docx"/>'
        f'<PDFSource guid="abababab-0000-0000-0000-000000000001" name="Leaflet.pdf" '
        f'path="internal://l.pdf"/>'
        f'<PictureSource guid="abababab-0000-0000-0000-000000000002" name="Map.png" '
        f'path="internal://m.png"/>'
        f'<AudioSource guid="abababab-0000-0000-0000-000000000003" name="Call.m4a"/>'
        f'<VideoSource guid="abababab-0000-0000-0000-000000000004" name="Clip.mp4"/>'
        f"</Sources>"
        f'<Notes><Note guid="12121212-0000-0000-0000-000000000001" name="on 116" creatingUser="{U1}">'
        f"<PlainTextContent>The hotline number matters.</PlainTextContent></Note>"
        f'<Note guid="12121212-0000-0000-0000-000000000002" name="case note">'
        f"<PlainTextContent>Met twice.</PlainTextContent></Note>"
        f'<Note guid="12121212-0000-0000-0000-000000000003" name="general">'
        f"<PlainTextContent>Imported from the other tool.</PlainTextContent></Note></Notes>"
        f'<Links><Link guid="13131313-0000-0000-0000-000000000001" '
        f'originGUID="12121212-0000-0000-0000-000000000002" '
        f'targetGUID="bbbbbbbb-0000-0000-0000-000000000001"/></Links>'
    )
    doc = docx.Document()
    doc.add_paragraph("Letër e skanuar: faleminderit për ndihmën.")
    buf = io.BytesIO()
    doc.save(buf)
    files = {"al05.txt": FILE_BYTES, "al05.docx": b"", "s3.txt": b"\r\n", "s3.docx": buf.getvalue()}
    return make_qdpx(tmp_path / "foreign.qdpx", qde(body), files)


def test_foreign_selections_land_on_the_same_passages(project, tmp_path):
    summary = import_qdpx(project, _foreign(tmp_path), skip_invalid=True)
    assert summary.sources == 3 and summary.codings == 2 and summary.excerpts == 2
    src = project.source("Interview 5.docx")
    text = project.source_text(src.id)
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
    got = {(e.text, project.theme(c.theme_id).path, c.coder)
           for e, cs in project.excerpts(src.id) for c in cs}
    assert got == {
        ("askush s'më tha për linjën 116. 😔", "Reporting/Hotlines", "Ilir"),
        ("Korçë", "Reporting/Police - media", "ME"),
    }
    for e, _ in project.excerpts(src.id):
        assert text[e.start:e.end] == e.text


def test_foreign_codes_cases_notes_and_skips(project, tmp_path):
    summary = import_qdpx(project, _foreign(tmp_path), skip_invalid=True)
    top = project.theme("Reporting")
    assert (top.colour, top.description) == ("#3366ff", "How reporting goes.")
    assert project.theme("Police - media").colour != "blue"  # invalid colour replaced
    al05 = project.participant("VoS-AL-05")
    assert al05.attributes == {"age": ["18"], "consented": ["true"]}
    assert project.source("Interview 5.docx").participant == "VoS-AL-05"
    # a source without a case goes to the participant its name gives
    assert project.source("VoS-AL-06 notes").participant == "VoS-AL-06"
    # empty plain text beside a .docx: the .docx text is used
    assert project.source_text(project.source("Scanned letter").id).startswith("Letër e skanuar")
    skipped = "\n".join(summary.skipped)
    for kind in ("PDF source 'Leaflet.pdf'", "picture source 'Map.png'", "audio source 'Call.m4a'",
                 "video source 'Clip.mp4'",
                 ("source 'Interview 5.docx': selection 5000-5010 lies outside its text (0-154); "
                  "skipped")):
        assert kind in skipped
    memos = {(m.target_kind, m.text, m.author) for m in project.all_memos()}
    assert memos == {("excerpt", "The hotline number matters.", "Ilir"),
                     ("participant", "Met twice.", "unknown"),
                     ("project", "Imported from the other tool.", "unknown")}
    assert any("Police / media" in w for w in summary.warnings)


# -- the real files in ../shared/refi/samples --------------------------------------------

def test_qc_sample_end_position_is_exclusive():
    """qc 1.3.2 codes whole lines: read exclusively, every one of its 158 selections
    starts at a line start and ends just after that line's newline."""
    qp = read_qdpx(shared_path("refi", "samples", "qc132-two-sources.qdpx"))
    sels = [(s.content, sel) for s in qp.sources for sel in s.selections]
    assert len(sels) == 158
    for text, sel in sels:
        assert sel.start == 0 or text[sel.start - 1] == "\n"
        assert text[sel.end - 1] == "\n"
    # Read inclusively, 145 of them would end on the first letter of the next line.
    assert sum(text[sel.end].isalpha() for text, sel in sels) == 145


def test_qc_sample_imports_sources_codes_and_codings(project):
    summary = import_qdpx(project, shared_path("refi", "samples", "qc132-two-sources.qdpx"))
    assert (summary.sources, summary.themes_added, summary.excerpts, summary.codings) == \
        (2, 262, 158, 205)
    assert {s.title for s in project.sources()} == {"board_2017.txt", "admin-1.txt"}
    passages = project.query(["rq2_curriculum_and_instruction/pedagogy/fun"])
    assert passages[0].text.startswith("This district goal is engage every student in joyful")
    assert passages[0].coders == ("cp",)
    qp = read_qdpx(shared_path("refi", "samples", "qc132-two-sources.qdpx"))
    raw = {s.name: s.content for s in qp.sources}
    for s in project.sources():
        for e, codings in project.excerpts(s.id):
            assert e.text == raw[s.title][e.start:e.end]  # LF NFC ASCII: offsets unchanged
            assert codings


def test_nvivo_sample_imports_its_codebook_and_lists_empty_sources(project):
    summary = import_qdpx(project, shared_path("refi", "samples", "nvivo15-mac-codes.qdpx"))
    assert summary.themes_added == 262 and summary.sources == 0
    assert len(summary.skipped) == 2 and all("empty" in s for s in summary.skipped)
    assert project.theme("rq1_definition/competencies/programming").depth == 2


def test_atlas_samples_keep_the_hierarchy(project):
    import_qdpx(project, shared_path("refi", "samples", "atlasti23-blank.qdpx"))
    assert project.themes() == []
    summary = import_qdpx(project, shared_path("refi", "samples", "atlasti23-codes.qdpx"))
    assert summary.themes_added == 3
    assert [t.path for t in project.themes()] == [
        "Commits", "Commits/2022-05-10T02:05:59Z 19e4dce", "Commits/2022-02-11T10:39:25Z cdbfd92"]
    assert project.theme("Commits").uuid == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"
