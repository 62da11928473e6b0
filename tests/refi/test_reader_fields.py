"""Every field the REFI-QDA reader takes from another tool's file, read back as
plain data: where a selection starts and ends, which code a coding names and
who made it, the code tree and its colours, the variables and cases, the notes
(inline and in files), the links, the sources skipped; and the one-line refusals
of paths that leave the archive, text that is not UTF-8 and non-numeric
positions. All the text here is invented for the test."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from tests.refi.conftest import make_qdpx, qde
from vos_coder.errors import ImportFailed
from vos_coder.refi import reader
from vos_coder.refi.archive import Limits
from vos_coder.refi.model import (
    Case,
    Code,
    CodingRef,
    Link,
    Note,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from vos_coder.refi.reader import (
    parse_codebook,
    parse_codebook_origin,
    parse_project,
    read_qdc,
    read_qdc_origin,
    read_qdpx,
)

G = "{{AAAAAAAA-0000-0000-0000-0000000000{}}}"  # braces and upper case, as some tools write


def g(n: str) -> str:
    return f"aaaaaaaa-0000-0000-0000-0000000000{n}"


BODY = (
    f'<Users><User guid="{G.format("01")}" name="Ana"/><User guid="{G.format("02")}" id="JD"/>'
    f'<User guid="{G.format("03")}"/></Users>'
    f'<CodeBook><Codes>'
    f'<Code guid="{G.format("10")}" name="Support" color=" #FF0000 " isCodable=" FALSE ">'
    f'<Description>Who helped.</Description><NoteRef targetGUID="{G.format("40")}"/>'
    f'<Code guid="{G.format("11")}" name="Family" isCodable="0"/>'
    f'<Code guid="{G.format("12")}"><Code guid="{G.format("13")}" name="Aunt" isCodable="true"/>'
    f"</Code></Code>"
    f'<Code guid="{G.format("14")}" name="Silence"/>'
    f"</Codes></CodeBook>"
    f'<Variables><Variable guid="{G.format("20")}" name="age" typeOfVariable="Integer"/>'
    f'<Variable guid="{G.format("21")}" name="town"/><Variable guid="{G.format("22")}"/></Variables>'
    f'<Cases><Case guid="{G.format("30")}" name="P-01"><Description>First talk.</Description>'
    f"<VariableValue><TextValue>no reference</TextValue></VariableValue>"
    f'<VariableValue><VariableRef targetGUID="{G.format("20")}"/><TextValue>  </TextValue>'
    f"<IntegerValue> 19 </IntegerValue></VariableValue>"
    f'<VariableValue><VariableRef targetGUID="{G.format("21")}"/><TextValue>Hill</TextValue>'
    f"<IntegerValue>7</IntegerValue></VariableValue>"
    f'<VariableValue><VariableRef targetGUID="{G.format("22")}"/><TextValue/></VariableValue>'
    f'<SourceRef targetGUID="{G.format("50")}"/><SourceRef targetGUID="{G.format("51")}"/></Case>'
    f'<Case guid="{G.format("31")}"/></Cases>'
    f"<Sources><!-- a comment is not a source -->"
    f'<TextSource guid="{G.format("50")}" name="Talk one" plainTextPath=" internal://one.txt " '
    f'richTextPath=" internal://one.rtf "><Description>Morning.</Description>'
    f'<VariableValue><VariableRef targetGUID="{G.format("21")}"/><TextValue>Lake</TextValue>'
    f"</VariableValue>"
    f'<Coding guid="{G.format("60")}" creatingUser="{G.format("01")}" '
    f'creationDateTime="2024-01-02T03:04:05Z"><CodeRef targetGUID="{G.format("14")}"/></Coding>'
    f'<Coding guid="{G.format("61")}"/>'
    f'<NoteRef targetGUID="{G.format("41")}"/>'
    f'<PlainTextSelection guid="{G.format("70")}" name="a bit" startPosition=" 3 " endPosition="8" '
    f'creatingUser="{G.format("02")}" creationDateTime="2024-02-03T04:05:06Z">'
    f'<Coding guid="{G.format("62")}" creatingUser="{G.format("02")}">'
    f'<CodeRef targetGUID="{G.format("11")}"/></Coding>'
    f'<Coding guid="{G.format("63")}"/><NoteRef targetGUID="{G.format("42")}"/>'
    f"</PlainTextSelection>"
    f'<PlainTextSelection guid="{G.format("71")}" startPosition="0" endPosition="2"/>'
    f"</TextSource>"
    f'<TextSource guid="{G.format("51")}" plainTextPath="/Sources/two.txt"/>'
    f'<TextSource guid="{G.format("52")}" name="Inline"><PlainTextContent>Said inline.'
    f"</PlainTextContent></TextSource>"
    f'<TextSource guid="{G.format("53")}" name="Elsewhere" plainTextPath="absolute://c/x.txt"/>'
    f'<TextSource guid="{G.format("54")}" name="No path"/>'
    f'<TextSource guid="{G.format("55")}" name="Gone" plainTextPath="internal://gone.txt"/>'
    f'<PDFSource guid="{G.format("56")}" name="Leaflet"/><PictureSource guid="{G.format("57")}"/>'
    f'<ChartSource guid="{G.format("58")}" name="Chart"/><AudioSource name="Tape"/>'
    f"</Sources>"
    f'<Notes><Note guid="{G.format("40")}" name="on support" creatingUser="{G.format("01")}" '
    f'creationDateTime="2024-05-06T07:08:09Z"><PlainTextContent>Ask again.</PlainTextContent></Note>'
    f'<Note guid="{G.format("41")}" name="from a file" plainTextPath="internal://n41.txt"/>'
    f'<Note guid="{G.format("42")}"/>'
    f'<Note guid="{G.format("43")}" name="lost" plainTextPath="internal://none.txt"/>'
    f'<Note guid="{G.format("44")}" name="empty"><PlainTextContent/></Note></Notes>'
    f'<Links><Link guid="{G.format("80")}" name="follows" originGUID="{G.format("40")}" '
    f'targetGUID="{G.format("30")}"/><Link guid="{G.format("81")}"/></Links>'
    f'<NoteRef targetGUID="{G.format("42")}"/><NoteRef targetGUID="{G.format("43")}"/>'
)
FILES = {"one.txt": b"Plain one.", "two.txt": b"\xef\xbb\xbfSecond file.",
         "n41.txt": b"\xef\xbb\xbfA note kept in a file."}


def _read(tmp_path):
    return read_qdpx(make_qdpx(tmp_path / "fields.qdpx", qde(BODY, 'name="Fieldwork" origin="Other 2"'),
                               FILES))


def test_project_header_users_codes_variables_cases(tmp_path):
    qp = _read(tmp_path)
    assert (qp.name, qp.origin) == ("Fieldwork", "Other 2")
    assert qp.users == [User(g("01"), "Ana"), User(g("02"), "JD"), User(g("03"), "")]
    assert qp.codes == [
        Code(g("10"), "Support", "#FF0000", "Who helped.", False, [
            Code(g("11"), "Family", "", "", False),
            Code(g("12"), "", "", "", True, [Code(g("13"), "Aunt", "", "", True)]),
        ], [g("40")]),
        Code(g("14"), "Silence"),
    ]
    assert qp.variables == [Variable(g("20"), "age", "Integer"), Variable(g("21"), "town", "Text"),
                            Variable(g("22"), "", "Text")]
    assert qp.cases == [
        Case(g("30"), "P-01", "First talk.",
             [VariableValue(g("20"), "19"), VariableValue(g("21"), "Hill")], [g("50"), g("51")]),
        Case(g("31"), ""),
    ]
    assert qp.project_note_refs == [g("42"), g("43")]
    assert qp.links == [Link(g("80"), g("40"), g("30"), "follows"), Link(g("81"), "", "", "")]


def test_sources_selections_and_codings_land_where_written(tmp_path):
    qp = _read(tmp_path)
    one, two, inline, elsewhere, nopath, gone = qp.sources
    assert one == TextSource(
        g("50"), "Talk one", "internal://one.txt", "internal://one.rtf", "Plain one.", "Morning.",
        selections=[
            Selection(g("70"), 3, 8, "a bit", g("02"), "2024-02-03T04:05:06Z",
                      [CodingRef(g("62"), g("11"), g("02"), "")], [g("42")]),
            Selection(g("71"), 0, 2),
        ],
        codings=[CodingRef(g("60"), g("14"), g("01"), "2024-01-02T03:04:05Z")],
        note_refs=[g("41")], values=[VariableValue(g("21"), "Lake")],
    )
    # no name: the file's name; a BOM is a mark, not text, and is remembered
    assert (two.name, two.content, two.bom, two.missing) == ("two.txt", "Second file.", True, "")
    assert (one.bom, inline.content, inline.missing) == (False, "Said inline.", "")
    assert elsewhere.content is None
    assert elsewhere.missing == "its plain text absolute://c/x.txt is not in the archive"
    assert nopath.missing == "its plain text (none) is not in the archive"
    assert gone.missing == "its plain text internal://gone.txt is not in the archive"
    assert qp.source_guids == {g(n) for n in ("50", "51", "52", "53", "54", "55", "56", "57", "58")}
    assert qp.skipped == [
        "PDF source 'Leaflet': PDF sources are not supported; skipped",
        f"picture source '{G.format('57')}': picture sources are not supported; skipped",
        "ChartSource source 'Chart': ChartSource sources are not supported; skipped",
        "audio source 'Tape': audio sources are not supported; skipped",
    ]
    assert qp.warnings == []


def test_notes_inline_in_a_file_and_absent(tmp_path):
    qp = _read(tmp_path)
    assert qp.notes == [
        Note(g("40"), "on support", "Ask again.", g("01"), "2024-05-06T07:08:09Z"),
        Note(g("41"), "from a file", "A note kept in a file."),
        Note(g("42"), "", ""),
        Note(g("43"), "lost", ""),
        Note(g("44"), "empty", ""),
    ]


@pytest.mark.parametrize("value", ["3.5", "", "x"])
def test_a_position_that_is_not_a_whole_number_is_refused_by_name(value):
    body = (f'<Sources><TextSource guid="{G.format("50")}" name="Talk"><PlainTextContent>abc'
            f'</PlainTextContent><PlainTextSelection guid="{G.format("70")}" startPosition="0" '
            f'endPosition="{value}"/></TextSource></Sources>')
    with pytest.raises(ImportFailed) as e:
        parse_project(qde(body), "x.qdpx:project.qde")
    assert str(e.value) == (f"x.qdpx:project.qde: source 'Talk': PlainTextSelection "
                            f"endPosition={value!r} is not a whole number")


def test_a_missing_position_is_refused_too():
    body = (f'<Sources><TextSource guid="{G.format("50")}" name="Talk"><PlainTextContent>abc'
            f'</PlainTextContent><PlainTextSelection guid="{G.format("70")}" endPosition="1"/>'
            f"</TextSource></Sources>")
    with pytest.raises(ImportFailed, match=r"^p: source 'Talk': PlainTextSelection "
                                           r"startPosition=None is not a whole number$"):
        parse_project(qde(body), "p")


def test_not_a_project_names_its_root():
    with pytest.raises(ImportFailed) as e:
        parse_project(b"<CodeBook/>", "in.qde")
    assert str(e.value) == ("in.qde is not a REFI-QDA project (its root element is <CodeBook>, "
                            "not <Project>)")
    assert parse_project(qde("")).sources == []


CODES = f'<Codes><Code guid="{G.format("10")}" name="Support"/></Codes>'


def test_codebook_roots_and_origin(tmp_path):
    assert parse_codebook_origin(f'<CodeBook origin="Book">{CODES}</CodeBook>'.encode()) == (
        [Code(g("10"), "Support")], "Book")
    as_project = qde(f"<CodeBook>{CODES}</CodeBook>", 'origin="Whole"')
    assert parse_codebook_origin(as_project) == ([Code(g("10"), "Support")], "Whole")
    assert parse_codebook_origin(qde(f'<CodeBook origin="B">{CODES}</CodeBook>', 'origin="P"'))[1] \
        == "B"
    assert parse_codebook_origin(f"<CodeBook>{CODES}</CodeBook>".encode())[1] == ""
    assert parse_codebook(f"<CodeBook>{CODES}</CodeBook>".encode()) == [Code(g("10"), "Support")]
    with pytest.raises(ImportFailed, match=r"^b.qdc is not a REFI-QDA codebook \(its root element "
                                           r"is <Codes>\)$"):
        parse_codebook(CODES.encode(), "b.qdc")
    for empty in (b"<CodeBook/>", qde(""), qde("<CodeBook/>")):
        with pytest.raises(ImportFailed, match=r"^b.qdc holds no <Codes>; nothing to import$"):
            parse_codebook(empty, "b.qdc")


def test_qdc_files_on_disk(tmp_path, monkeypatch):
    f = tmp_path / "book.qdc"
    f.write_bytes(f'<CodeBook origin="Book">{CODES}</CodeBook>'.encode())
    assert read_qdc(f) == [Code(g("10"), "Support")]
    assert read_qdc_origin(str(f)) == ([Code(g("10"), "Support")], "Book")
    with pytest.raises(ImportFailed, match=r"^.*absent.qdc: no such file$"):
        read_qdc(tmp_path / "absent.qdc")
    with pytest.raises(ImportFailed, match=r"^cannot read .*book.d: Is a directory$"):
        (tmp_path / "book.d").mkdir()
        read_qdc(tmp_path / "book.d")
    size = f.stat().st_size
    monkeypatch.setattr(reader, "DEFAULT_LIMITS", Limits(max_file=size))
    assert read_qdc(f) == [Code(g("10"), "Support")]  # at the limit: read
    monkeypatch.setattr(reader, "DEFAULT_LIMITS", Limits(max_file=size - 1))
    with pytest.raises(ImportFailed, match=r"^book.qdc is larger than a codebook can be; refused$"):
        read_qdc(f)


def _one_source(tmp_path, attrs: str, files: dict[str, bytes], inner: str = "",
                qde_name: str | None = None):
    body = f'<Sources><TextSource guid="{G.format("50")}" name="T" {attrs}>{inner}</TextSource></Sources>'
    path = tmp_path / "s.qdpx"
    if qde_name is None:
        return read_qdpx(make_qdpx(path, qde(body), files))
    make_qdpx(path, b"", files, raw_entries=[(qde_name, qde(body))])
    return path


@pytest.mark.parametrize("ref", ["one.txt", "internal://one.txt", "internal:///sources/one.txt",
                                 "SOURCES/one.txt", " /one.txt "])
def test_plain_text_paths_tools_write(tmp_path, ref):
    qp = _one_source(tmp_path, f'plainTextPath="{ref}"', {"one.txt": b"Found."})
    assert (qp.sources[0].content, qp.sources[0].missing) == ("Found.", "")


@pytest.mark.parametrize("ref", ["../one.txt", "internal://a/one.txt", "a\\one.txt", "..", ".",
                                 "internal://", "sources/", "internal://sources/x/one.txt"])
def test_paths_out_of_sources_are_refused(tmp_path, ref):
    with pytest.raises(ImportFailed) as e:
        _one_source(tmp_path, f'plainTextPath="{ref}"', {"one.txt": b"Found."})
    shown = ref.removeprefix("internal://")
    assert str(e.value) == (f"s.qdpx: source 'T': path {shown!r} points outside the archive's "
                            "sources/; refused, nothing imported")


def test_text_that_is_not_utf8_is_refused(tmp_path):
    with pytest.raises(ImportFailed) as e:
        _one_source(tmp_path, 'plainTextPath="one.txt"', {"one.txt": "Përshëndetje".encode("cp1250")})
    assert str(e.value) == ("s.qdpx:sources/one.txt is not UTF-8 text (REFI-QDA requires UTF-8); "
                            "nothing imported")


def _docx(text: str) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_no_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not a document")
    return buf.getvalue()


def test_empty_plain_text_beside_a_docx(tmp_path):
    files = {"t.txt": b" \n", "t.docx": _docx("First line.\nSecond line.")}
    qp = _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="internal://t.DOCX"', files)
    assert qp.sources[0].content == "First line.\nSecond line."
    assert qp.warnings == ["source 'T': plain text was empty; took the text of its .docx"]
    # an empty .docx, a zip that is no .docx, one that is absent: the (empty) plain text, no warning
    for docx_bytes in (_docx(""), _zip_no_docx()):
        qp = _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="t.docx"',
                         {"t.txt": b"", "t.docx": docx_bytes})
        assert (qp.sources[0].content, qp.warnings) == ("", [])
    qp = _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="t.docx"', {"t.txt": b""})
    assert (qp.sources[0].content, qp.warnings) == ("", [])
    # a rich text that is not a .docx, or selections made on the empty text: left alone
    qp = _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="t.docx.rtf"', files)
    assert qp.sources[0].content == " \n"
    sel = f'<PlainTextSelection guid="{G.format("70")}" startPosition="0" endPosition="1"/>'
    qp = _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="t.docx"', files, sel)
    assert (qp.sources[0].content, qp.warnings) == (" \n", [])
    # inline text beside a .docx: the .docx is used the same way
    qp = _one_source(tmp_path, 'richTextPath="t.docx"', files, "<PlainTextContent/>")
    assert qp.sources[0].content == "First line.\nSecond line."


def test_a_project_file_under_another_name(tmp_path):
    path = _one_source(tmp_path, "", {}, "<PlainTextContent>Hi.</PlainTextContent>",
                       qde_name="Exported.QDE")
    with pytest.raises(ImportFailed):  # the empty project.qde written by make_qdpx is not XML
        read_qdpx(path)
    for names, ok in ((["Exported.QDE"], True), (["a.qde", "b.qde"], False),
                      (["dir/a.qde"], False), ([], False)):
        p = tmp_path / f"n{len(names)}{ok}.qdpx"
        with zipfile.ZipFile(p, "w") as z:
            for n in names:
                z.writestr(n, qde('<Sources><TextSource guid="x" name="T"><PlainTextContent>Hi.'
                                  "</PlainTextContent></TextSource></Sources>"))
            z.writestr("sources/readme.txt", b"")
        if ok:
            assert read_qdpx(p).sources[0].content == "Hi."
        else:
            with pytest.raises(ImportFailed) as e:
                read_qdpx(p)
            assert str(e.value) == f"{p.name} holds no project.qde; is it a REFI-QDA project?"


def test_a_coding_without_a_code_does_not_hide_the_next_one():
    body = (f'<Sources><TextSource guid="{G.format("50")}" name="T"><PlainTextContent>abc'
            f'</PlainTextContent><Coding guid="{G.format("60")}"/><Coding guid="{G.format("61")}">'
            f'<CodeRef targetGUID="{G.format("14")}"/></Coding></TextSource></Sources>')
    assert parse_project(qde(body)).sources[0].codings == [CodingRef(g("61"), g("14"))]


def test_codebook_errors_name_the_file(tmp_path):
    with pytest.raises(ImportFailed, match=r"^codebook is not a REFI-QDA codebook"):
        parse_codebook(b"<Codes/>")
    with pytest.raises(ImportFailed, match=r"^codebook is not well-formed XML"):
        parse_codebook_origin(b"<CodeBook>")
    f = tmp_path / "broken.qdc"
    f.write_bytes(b"<CodeBook>")
    with pytest.raises(ImportFailed, match=r"^broken.qdc is not well-formed XML"):
        read_qdc(f)


def test_a_file_name_starting_with_the_letters_of_its_prefix(tmp_path):
    qp = _one_source(tmp_path, 'plainTextPath="/Xray.txt"', {"Xray.txt": b"Found."})
    assert (qp.sources[0].content, qp.sources[0].missing) == ("Found.", "")


def test_defaults_and_names_in_project_errors(tmp_path):
    assert (parse_project(qde("", "")).name, parse_project(qde("", "")).origin) == ("", "")
    with pytest.raises(ImportFailed, match=r"^project.qde is not a REFI-QDA project"):
        parse_project(b"<CodeBook/>")
    with pytest.raises(ImportFailed, match=r"^p.qde is not well-formed XML"):
        parse_project(b"<Project>", "p.qde")
    body = f'<Sources><TextSource guid="{G.format("51")}" plainTextPath="two.txt"/></Sources>'
    assert read_qdpx(make_qdpx(tmp_path / "n.qdpx", qde(body), {"two.txt": b"Hi."})).sources[0].name \
        == "two.txt"
    with pytest.raises(ImportFailed, match=r"^bad.qdpx:project.qde is not well-formed XML"):
        read_qdpx(make_qdpx(tmp_path / "bad.qdpx", b"<Project>"))


def test_project_qde_is_preferred_to_another_qde(tmp_path):
    p = make_qdpx(tmp_path / "two.qdpx", qde("", 'name="Main"'), raw_entries=[("old.qde", qde(""))])
    assert read_qdpx(p).name == "Main"


def test_limits_given_are_the_limits_used(tmp_path):
    p = make_qdpx(tmp_path / "l.qdpx", qde(""), {"a.txt": b"a", "b.txt": b"b"})
    assert read_qdpx(p).sources == []
    with pytest.raises(ImportFailed):
        read_qdpx(p, Limits(max_entries=2))


def test_refusals_in_rich_text_and_note_paths_name_what_they_are_on(tmp_path):
    with pytest.raises(ImportFailed, match=r"^s.qdpx: source 'T': path '\.\./t.docx' points"):
        _one_source(tmp_path, 'plainTextPath="t.txt" richTextPath="../t.docx"', {"t.txt": b""})
    notes = '<Notes><Note guid="n" name="memo" plainTextPath="{}"/></Notes>'
    with pytest.raises(ImportFailed, match=r"^m.qdpx: note 'memo': path 'a/b.txt' points"):
        read_qdpx(make_qdpx(tmp_path / "m.qdpx", qde(notes.format("a/b.txt"))))
    with pytest.raises(ImportFailed, match=r"^sources/n.txt is not UTF-8 text"):
        read_qdpx(make_qdpx(tmp_path / "m.qdpx", qde(notes.format("n.txt")),
                            {"n.txt": "Shënim".encode("cp1250")}))
