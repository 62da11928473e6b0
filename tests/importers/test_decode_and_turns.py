"""decode() and find_turns() on their own: encodings, refusals, labels, offsets."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import decode
from vos_coder.importers.turns import (
    LABEL,
    NAME_LABEL,
    find_turns,
    line_matches,
    name_like,
    speaker_name,
)

TEXT = "Interviewer: A ka shkollë afër?\n\nParticipant: Po, dhe një psikologe.\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"),
    TEXT.replace("\n", "\r").encode("utf-8"),
])
def test_unicode_encodings_read_silently(data):
    assert decode(data, "VoS-AL-04.txt") == (TEXT, [])


def test_decomposed_accents_become_nfc():
    text, _ = decode("Participant: e\u0308 c\u0327\n".encode("utf-8"), "a.txt")
    assert text == "Participant: ë ç\n"


@pytest.mark.parametrize("sample,encoding", [
    ("Participant: Çfarë thotë mësuesja për ndihmën?\n", "cp1252"),
    ("Participante: la niña habló con la psicóloga en año nuevo.\n", "cp1252"),
    ("Ispitanik: čekala sam dugo, što je bilo teško za đake.\n", "cp1250"),
    ("Участник: я позвонила на горячую линию.\n", "cp1251"),
])
def test_legacy_encodings_are_guessed_with_a_warning(sample, encoding):
    text, warnings = decode(sample.encode(encoding), "VoS-AL-04.txt")
    assert text == sample
    assert warnings == [
        f"VoS-AL-04.txt: not UTF-8; read as {encoding} (check accented letters such as ë and ç)"]


@pytest.mark.parametrize("data,words", [
    (b"", "empty"),
    (b" \n\t\r\n", "empty"),
    (codecs.BOM_UTF8 + b"  \n", "empty"),
    (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty"),
    (b"Interviewer: hi\x00there", "NUL"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40, "binary"),
    (bytes(range(128, 256)) * 8, "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8a", "not valid UTF-16"),
])
def test_refusals_have_their_own_message(data, words):
    with pytest.raises(ImportFailed) as exc:
        decode(data, "VoS-MX-02.txt")
    message = str(exc.value)
    assert message.startswith("VoS-MX-02.txt: ") and words in message and "\n" not in message


def spans(text):
    return [text[t.start:t.end] for t in find_turns(text)]


def test_turns_run_to_the_next_label_without_trailing_blank_lines():
    text = ("Notes before the conversation.\n\n"
            "Interviewer: First question?\nIt had two lines.\n\n\n"
            "P: An answer.\n\n")
    assert spans(text) == ["Interviewer: First question?\nIt had two lines.", "P: An answer."]
    assert [t.n for t in find_turns(text)] == [1, 2]


@pytest.mark.parametrize("label,name", [
    ("I", "Interviewer"), ("Int", "Interviewer"), ("interviewer", "Interviewer"),
    ("Researcher", "Interviewer"), ("P", "Participant"), ("Interviewee", "Participant"),
    ("Respondent", "Participant"), ("PARTICIPANT", "Participant"), ("Ana", "Ana"),
])
def test_speaker_labels_are_normalised(label, name):
    assert speaker_name(label) == name


def test_r_is_read_from_the_other_labels():
    assert [t.speaker for t in find_turns("I: Hello.\nR: Hi.\n")] == ["Interviewer", "Participant"]
    assert [t.speaker for t in find_turns("R: Hello.\nP: Hi.\n")] == ["Interviewer", "Participant"]
    assert [t.speaker for t in find_turns("R: Only me.\n")] == ["Participant"]


def test_timestamps_bold_and_indented_labels():
    text = ("[00:01:23] Interviewer: Ready?\n"
            "  **P:** Yes.\n"
            "[1:02:03,5] __I__: Then we begin.\n")
    turns = find_turns(text)
    assert [(t.speaker, t.timestamp) for t in turns] == [
        ("Interviewer", "00:01:23"), ("Participant", None), ("Interviewer", "1:02:03.5")]
    assert spans(text) == ["[00:01:23] Interviewer: Ready?", "**P:** Yes.",
                           "[1:02:03,5] __I__: Then we begin."]


@pytest.mark.parametrize("text", [
    "No labels here.\nJust notes.\n",
    "Price: 10 euros\n",
    "In the interview: we spoke.\n",
    "Ip: no\n",
])
def test_text_without_labels_has_no_turns(text):
    assert find_turns(text) == ()


LINES = st.lists(st.one_of(
    st.sampled_from(["Interviewer: ", "P: ", "I:", "[00:00:01] R: ", "**I:** ", "", "  "]),
    st.text(alphabet="abc ëç:\n[]*", max_size=20),
), max_size=20)


@settings(max_examples=150, deadline=None)
@given(LINES)
def test_fuzz_turns_are_ordered_trimmed_and_start_at_a_label(parts):
    text = "\n".join(parts)
    turns = find_turns(text)
    previous_end = 0
    for n, t in enumerate(turns, start=1):
        chunk = text[t.start:t.end]
        assert t.n == n and previous_end <= t.start <= t.end <= len(text)
        assert chunk == chunk.rstrip() and chunk.lstrip() == chunk
        assert chunk.startswith(("[", "*", "_")) or chunk[0].upper() in "IPR"
        assert t.start == 0 or text[:t.start].rstrip(" \t").endswith("\n") or \
            text[:t.start].strip(" \t") == ""
        previous_end = t.end


# -- name labels: "Genta:" instead of a role (issue 12) ----------------------------------------
def test_a_recurring_name_label_is_a_speaker_label():
    text = "Genta: I was not sure.\n\nGenta: Then the counsellor called back.\n"
    assert [(t.speaker, text[t.start:t.end]) for t in find_turns(text)] == [
        ("Genta", "Genta: I was not sure."), ("Genta", "Genta: Then the counsellor called back.")]


def test_a_name_label_between_role_labels_is_a_speaker_label_even_once():
    text = ("Interviewer: Who else was there?\n\n"
            "Ardita H.: Only my cousin, at 10:30 in the morning.\n\n"
            "Interviewer: And then?\n\nParticipant: We left.\n")
    assert [t.speaker for t in find_turns(text)] == ["Interviewer", "Ardita H.", "Interviewer",
                                                     "Participant"]


def test_albanian_role_labels_are_roles_and_headings_are_not_speakers():
    text = ("Data: 12 maj\nVendi: qyteti\nDate: May 12\nNote: fictional\n\n"
            "Intervistuesi: Si je?\n\nPjesëmarrësja: Mirë.\n\n"
            "Intervistuesi: Po nëna?\n\nNëna: Ajo u lodh.\n")
    assert [t.speaker for t in find_turns(text)] == ["Interviewer", "Participant", "Interviewer",
                                                     "Nëna"]


@pytest.mark.parametrize("text", [
    "Genta: once, and no other label.\n",          # one name label alone: could be anything
    "genta: lower case\ngenta: twice\n",             # not written as a name
    "Date: May\nDate: June\n",                       # a heading word, even recurring
    "At the school of my town: we spoke.\nAt the school of my town: again.\n",  # > 3 words
])
def test_lines_that_only_look_like_name_labels_are_not_turns(text):
    assert find_turns(text) == ()


# Labels are found by trying each line's start only (turns.line_matches): the
# same matches as the regular expression's own search of the whole text.
_PIECES = ["Interviewer", "P", "R", "Genta", "Ardita H.", "Date", ":", " ", "\t", "\n", "\n\n",
           "[00:01:23]", "**", "__", "text", "Int", " \n", "ë", "- ", "Int:", "i:", "x"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_labels_tried_at_line_starts_are_the_searched_ones(pieces):
    text = "".join(pieces)
    roles, names = line_matches(text)
    want_roles = list(LABEL.finditer(text))
    at_roles = {m.start() for m in want_roles}
    want_names = [m for m in NAME_LABEL.finditer(text)
                  if m.start() not in at_roles and name_like(m.group("label"))]
    for got, want in ((roles, want_roles), (names, want_names)):
        assert [(m.start("at"), m.end(), m.groupdict()) for m in got] == \
            [(m.start("at"), m.end(), m.groupdict()) for m in want]


def test_the_quick_control_check_misses_no_stored_control():
    """decode skips its search for controls when the text (lines and tabs
    aside) is printable: every character it writes out must be unprintable."""
    from vos_coder.importers.decode import _STORED_CONTROLS

    stored = [chr(c) for c in range(0x3000) if _STORED_CONTROLS.match(chr(c))]
    assert len(stored) == 9 + 18 + 33 + 5 + 4
    assert not any(c.isprintable() for c in stored)
    for c in stored[1:]:  # NUL: refused as binary
        text, warnings = decode(f"Participant: a{c}b\n".encode(), "x.txt")
        assert c not in text and warnings
