import codecs
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.errors import ImportFailed
from vos_coder.importers import read_source
from vos_coder.importers.survey import read_survey

CONVERSATION = ("Interviewer: Where did you first hear about the helpline?\n\n"
                "Participant: From a poster at school, në korridor.\n\n"
                "I: Did you call?\n\nP: Only much later.\n")


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def check_turns(parsed, speakers):
    assert [t.speaker for t in parsed.turns] == speakers
    for t in parsed.turns:
        chunk = parsed.text[t.start:t.end]
        assert chunk.split(":")[0] in ("Interviewer", "Participant", "I", "P")
        assert chunk == chunk.strip()


def test_plain_text_turns_and_aliases(tmp_path):
    parsed = read_source(write(tmp_path, "a.txt", CONVERSATION))
    check_turns(parsed, ["Interviewer", "Participant", "Interviewer", "Participant"])
    assert parsed.text[parsed.turns[1].start:parsed.turns[1].end] == \
        "Participant: From a poster at school, në korridor."


def test_timestamped_labels_keep_their_time(tmp_path):
    parsed = read_source(write(tmp_path, "a.md", "[00:01:05] Interviewer: Hello.\n[00:01:09] P: Hi.\n"))
    assert [(t.speaker, t.timestamp) for t in parsed.turns] == [
        ("Interviewer", "00:01:05"), ("Participant", "00:01:09")]


def test_text_without_labels_has_no_turns(tmp_path):
    assert read_source(write(tmp_path, "a.txt", "Just notes.\nMore notes.\n")).turns == ()


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    lambda s: s.encode("utf-16"),  # with BOM
    lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
    lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    lambda s: s.replace("\n", "\r").encode("utf-8"),
])
def test_encodings_and_line_endings(tmp_path, encode):
    parsed = read_source(write(tmp_path, "a.txt", encode(CONVERSATION)))
    assert parsed.text == CONVERSATION and parsed.warnings == ()


def test_legacy_encoding_warns_with_its_guess(tmp_path):
    parsed = read_source(write(tmp_path, "VoS-AL-01.txt", "Participant: çfarë shkollë\n".encode("cp1252")))
    assert parsed.text == "Participant: çfarë shkollë\n"
    assert "VoS-AL-01.txt" in parsed.warnings[0] and "not UTF-8" in parsed.warnings[0]


def test_docx_paragraphs_and_turns(tmp_path):
    d = docx.Document()
    for para in CONVERSATION.strip().split("\n\n"):
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    parsed = read_source(write(tmp_path, "a.docx", buf.getvalue()))
    assert parsed.text == CONVERSATION
    check_turns(parsed, ["Interviewer", "Participant", "Interviewer", "Participant"])


VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Interviewer>How are you <i>today</i>?

00:00:05.500 --> 00:00:09.000
Participant: Better, faleminderit.
"""

SRT = """1
00:00:01,000 --> 00:00:04,000
Interviewer: How are you?

2
00:01:05,250 --> 00:01:09,000
Better, thank you.
"""


def test_vtt_cues_become_turns_with_times(tmp_path):
    parsed = read_source(write(tmp_path, "a.vtt", VTT))
    assert parsed.text == "Interviewer: How are you today?\n\nParticipant: Better, faleminderit.\n"
    assert [(t.speaker, t.timestamp) for t in parsed.turns] == [
        ("Interviewer", "00:00:01.000"), ("Participant", "00:00:05.500")]
    for t in parsed.turns:
        assert parsed.text[t.start:t.end].startswith(t.speaker)


def test_srt_cues_become_turns_with_times(tmp_path):
    parsed = read_source(write(tmp_path, "a.srt", SRT))
    assert parsed.text == "Interviewer: How are you?\n\nBetter, thank you.\n"
    assert [(t.speaker, t.timestamp) for t in parsed.turns] == [
        ("Interviewer", "00:00:01.000"), ("", "00:01:05.250")]


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


@pytest.mark.parametrize("name,data,words", [
    ("a.txt", b"", "empty"),
    ("a.txt", b"\n \n", "empty"),
    ("a.txt", b"abc\x00def", "NUL"),
    ("a.txt", bytes(range(1, 32)) * 50, "binary"),
    ("a.docx", b"plain text, not a zip", "not a Word document"),
    ("a.docx", _zip({"x.txt": "hello"}), "not a Word document"),
    ("a.vtt", "00:00 nonsense --> \nWEBVTT?", "WebVTT"),
    ("a.srt", "1\nnot a time\nhello\n", "SRT"),
    ("a.pdf", b"%PDF-1.7", "unknown file type"),
    ("noext", b"hello", "unknown file type"),
], ids=["empty", "blank", "nul", "binary", "docx-not-zip", "zip-not-docx", "bad-vtt", "bad-srt",
        "pdf", "no-suffix"])
def test_bad_files_raise_one_clear_error(tmp_path, name, data, words):
    with pytest.raises(ImportFailed) as exc:
        read_source(write(tmp_path, name, data))
    message = str(exc.value)
    assert name in message and words in message and "\n" not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        read_source(tmp_path / "gone.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(ImportFailed, match="folder"):
        read_source(folder)


SURVEY = (
    "respondent,gender,area,barriers,Q5[phone],Q5[online],Q5[in person],open\n"
    'FW-01,woman,urban,"stigma; fear of blame",1,0,yes,"They need more staff, and time."\n'
    "FW-02,man,rural,,0,0,no,\n"
    "FW-03,woman,both,stigma,x,1,,Training helps.\n"
)


def test_semicolon_delimited_survey(tmp_path):
    s = read_survey(write(tmp_path, "s.csv", "respondent;gender\nFW-01;woman\n"), None, None)
    assert s.rows[0].pid == "FW-01" and s.rows[0].attributes == {"gender": ["woman"]}


def test_survey_attributes_and_both_multi_select_shapes(tmp_path):
    s = read_survey(write(tmp_path, "s.csv", SURVEY), "respondent", ["open"])
    assert [r.pid for r in s.rows] == ["FW-01", "FW-02", "FW-03"]
    first = s.rows[0]
    assert first.attributes == {"gender": ["woman"], "area": ["urban"],
                                "barriers": ["stigma", "fear of blame"], "Q5": ["phone", "in person"]}
    assert first.answers == {"open": "They need more staff, and time."}
    assert s.rows[1].attributes == {"gender": ["man"], "area": ["rural"]}
    assert s.rows[2].attributes["Q5"] == ["phone", "online"]
    assert set(s.multi_select) == {"barriers", "Q5"}


@pytest.mark.parametrize("body,args,words", [
    ("respondent,gender\nFW-01,woman\nFW-01,man\n", ("respondent", None), "appears twice"),
    ("respondent,gender\n,woman\n", ("respondent", None), "no respondent"),
    ("respondent,gender\nFW-01,woman\n", ("respondant", None), "did you mean 'respondent'"),
    ("respondent,gender\nFW-01,woman\n", ("respondent", ["answer"]), "no open-answer column 'answer'"),
    ("respondent,gender\n", ("respondent", None), "at least one respondent"),
    ("", ("respondent", None), "empty"),
])
def test_bad_surveys(tmp_path, body, args, words):
    with pytest.raises(ImportFailed, match=words):
        read_survey(write(tmp_path, "s.csv", body), *args)


SUFFIXES = st.sampled_from([".txt", ".md", ".vtt", ".srt", ".docx"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=SUFFIXES)
def test_fuzz_arbitrary_bytes_only_ever_raise_import_failed(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        parsed = read_source(path)
    except ImportFailed:
        return
    for t in parsed.turns:
        assert 0 <= t.start <= t.end <= len(parsed.text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="abc;,\n\"x01 ë[]:", max_size=300))
def test_fuzz_survey_only_raises_import_failed(tmp_path, text):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    try:
        read_survey(path, None, None)
    except ImportFailed:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                                 "_rels/.rels", "x"]), st.binary(max_size=200)))
def test_fuzz_docx_like_zips(tmp_path, members):
    path = tmp_path / "f.docx"
    path.write_bytes(_zip(members))
    with pytest.raises(ImportFailed):
        read_source(path)
