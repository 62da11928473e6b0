import pytest

from vos_coder.core.ids import IdScheme, check_scheme
from vos_coder.core.shares import percent, share
from vos_coder.errors import InvalidInput


def test_scheme_reads_identifiers_from_file_names():
    s = IdScheme("VoS", ("AL", "MD"))
    assert s.from_filename("VoS-AL-04.txt") == "VoS-AL-04"
    assert s.from_filename("VoS-MD-12_interview2.docx") == "VoS-MD-12"
    assert s.from_filename("VoS-CO-04.txt") is None  # country not in this project
    assert s.from_filename("VoS-AL-004.txt") is None
    assert s.from_filename("notes.txt") is None
    assert s.from_filename("VoS-AL-104.txt") == "VoS-AL-104"
    assert s.from_filename("VoS-AL-04 session 2.docx") == "VoS-AL-04"
    assert s.from_filename("VoS-AL-04.session.txt") is None  # only _ or a space may follow
    assert s.from_filename("interview VoS-AL-04.txt") is None  # the identifier comes first
    assert s.from_filename("x-VoS-AL-04.txt", r"x-(?P<id>.+)") == "VoS-AL-04"
    assert s.from_filename("P7 notes.txt", r"(P\d+) .*") == "P7"  # no id group: the first group
    assert IdScheme(file_pattern=r"P\d+").from_filename("P12.md") == "P12"  # no group: all of it


def test_scheme_validation_messages():
    with pytest.raises(InvalidInput, match="VoS-AL-04"):
        IdScheme().validate("AL-4")
    with pytest.raises(InvalidInput, match="two capital letters"):
        check_scheme("VoS", ("Albania",))


@pytest.mark.parametrize("n,total,text", [(28, 50, "56% (n=28)"), (25, 50, "50% (n=25)"),
                                          (4, 7, "57% (n=4)"), (1, 8, "13% (n=1)"), (0, 0, "0% (n=0)")])
def test_share_is_written_as_in_the_reports(n, total, text):
    assert share(n, total) == text


def test_percent_rounds_half_up():
    assert percent(1, 8) == 13  # 12.5 -> 13, not banker's 12
