"""read_source per format: docx tables, subtitles in detail, dispatch and bad paths."""

import io
import os
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.errors import ImportFailed
from vos_coder.importers import SUFFIXES, read_source


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def assert_turns_start_with_labels(parsed):
    for t in parsed.turns:
        chunk = parsed.text[t.start:t.end]
        assert chunk and chunk == chunk.strip()
        if t.speaker:
            assert chunk.startswith(t.speaker) or chunk.lstrip("[*_0123456789:.,] ")


def docx_bytes(build):
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_keeps_document_order_and_reads_speaker_tables(tmp_path):
    def build(d):
        d.add_paragraph("Conversation notes, fictional.")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Interviewer", "Who did you tell first?"
        table.cell(1, 0).text, table.cell(1, 1).text = "P:", "My cousin, then a teacher."
        d.add_paragraph("")
        d.add_paragraph("I: Thank you.")
    parsed = read_source(write(tmp_path, "VoS-BA-03.docx", docx_bytes(build)))
    assert parsed.text == ("Conversation notes, fictional.\n\n"
                           "Interviewer: Who did you tell first?\n\n"
                           "P: My cousin, then a teacher.\n\nI: Thank you.\n")
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Participant", "Interviewer"]
    assert parsed.text[parsed.turns[1].start:parsed.turns[1].end] == "P: My cousin, then a teacher."


def test_docx_without_text_is_refused(tmp_path):
    with pytest.raises(ImportFailed, match="no text"):
        read_source(write(tmp_path, "blank.docx", docx_bytes(lambda d: d.add_paragraph("  "))))


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    import vos_coder.importers.docx as module
    monkeypatch.setattr(module, "MAX_UNPACKED", 1000)
    data = docx_bytes(lambda d: d.add_paragraph("I: " + "a" * 5000))
    with pytest.raises(ImportFailed, match="zip bomb"):
        read_source(write(tmp_path, "big.docx", data))


VTT = """WEBVTT

NOTE fictional sample, written for the tests

intro
01:05.250 --> 01:09.000 align:start
<v.loud Ana>Tom &amp; Jerry <b>were</b> on TV</v>

00:00:10.000 --> 00:00:12.000
<v Dafina>Yes.</v> <v Interviewer>And then?</v>

00:00:13.000 --> 00:00:14.000
Speaker 2: a line
that wraps

00:00:15.000 --> 00:00:16.000
no speaker here
"""


def test_vtt_voices_prefixes_entities_and_short_times(tmp_path):
    parsed = read_source(write(tmp_path, "a.VTT", VTT))
    assert parsed.text == ("Ana: Tom & Jerry were on TV\n\nDafina: Yes.\n\n"
                           "Interviewer: And then?\n\nSpeaker 2: a line that wraps\n\n"
                           "no speaker here\n")
    assert [(t.speaker, t.timestamp) for t in parsed.turns] == [
        ("Ana", "00:01:05.250"), ("Dafina", "00:00:10.000"), ("Interviewer", "00:00:10.000"),
        ("Speaker 2", "00:00:13.000"), ("", "00:00:15.000")]
    assert_turns_start_with_labels(parsed)
    for t in parsed.turns[:-1]:
        assert parsed.text[t.start:t.end].startswith(t.speaker + ": ")


def test_srt_prefixes_markup_and_long_times(tmp_path):
    srt = ("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>I:</i> Ready?\n\n"
           "2\n12:34:56,789 --> 12:35:00,000\n<font color=red>Besa:</font> Yes.\n")
    parsed = read_source(write(tmp_path, "a.srt", srt))
    assert parsed.text == "Interviewer: Ready?\n\nBesa: Yes.\n"
    assert [(t.speaker, t.timestamp, t.start, t.end) for t in parsed.turns] == [
        ("Interviewer", "00:00:01.000", 0, 19), ("Besa", "12:34:56.789", 21, 31)]


def test_subtitles_in_utf16_and_cp1252(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nP: Shkolla është afër.\n"
    parsed = read_source(write(tmp_path, "a.srt", srt.encode("utf-16")))
    assert parsed.text == "Participant: Shkolla është afër.\n" and parsed.warnings == ()
    parsed = read_source(write(tmp_path, "b.srt", srt.encode("cp1252")))
    assert parsed.text == "Participant: Shkolla është afër.\n"
    assert "read as cp1252" in parsed.warnings[0]


@pytest.mark.parametrize("name,data,words", [
    ("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "no subtitle cues"),
    ("a.vtt", "Interviewer: no header\n", "WebVTT"),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", "no subtitle cues"),
    ("a.srt", "1\n00:00:01,000 -> 2\nsecret words\n", "line"),
    ("a.csv", "id,gender\nFW-01,woman\n", "survey"),
    ("a.doc", b"\xd0\xcf\x11\xe0", "unknown file type .doc"),
])
def test_malformed_or_misrouted_files(tmp_path, name, data, words):
    with pytest.raises(ImportFailed) as exc:
        read_source(write(tmp_path, name, data))
    message = str(exc.value)
    assert message.startswith(name) and words in message and "\n" not in message
    assert "secret" not in message  # parser messages quoting the text stay out


def test_unknown_suffix_names_the_supported_ones(tmp_path):
    with pytest.raises(ImportFailed) as exc:
        read_source(write(tmp_path, "notes.rtf", "I: hi"))
    assert all(suffix in str(exc.value) for suffix in SUFFIXES)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "locked.txt", "I: hi")
    path.chmod(0)
    with pytest.raises(ImportFailed, match="cannot read"):
        read_source(path)


def test_path_through_a_file_is_an_import_failure(tmp_path):
    write(tmp_path, "plain.txt", "I: hi")
    with pytest.raises(ImportFailed, match="plain.txt|inner.txt"):
        read_source(tmp_path / "plain.txt" / "inner.txt")


def test_uppercase_suffix_and_md(tmp_path):
    parsed = read_source(write(tmp_path, "NOTES.TXT", "**Interviewer:** Hi.\n\n**P:** Hello.\n"))
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Participant"]
    assert read_source(write(tmp_path, "n.Md", "# Heading\n\nI: hi\n")).turns[0].start == 11


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.binary(max_size=400).map(lambda b: b"WEBVTT\n\n" + b),
    st.binary(max_size=400).map(lambda b: b"\xff\xfe" + b),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.text(alphabet="0123456789:,.-> \nIP<v>ab", max_size=300).map(str.encode),
    st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                     "_rels/.rels", "docProps/core.xml"]),
                    st.binary(max_size=100)).map(_zip),
), suffix=st.sampled_from([".txt", ".md", ".vtt", ".srt", ".docx"]))
def test_fuzz_structured_bytes_only_raise_import_failed(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        parsed = read_source(path)
    except ImportFailed as exc:
        assert str(exc).startswith(path.name) and "\n" not in str(exc)
        return
    assert parsed.text and parsed.text.endswith("\n")
    for t in parsed.turns:
        assert 0 <= t.start < t.end <= len(parsed.text)
