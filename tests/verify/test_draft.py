"""Finding quotations and their identifiers in drafts of every format."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.core.ids import IdScheme
from vos_coder.errors import InvalidInput
from vos_coder.verify.draft import read_quotes

SCHEME = IdScheme("VoS", ("AL",))


def quotes(path):
    return [(q.text, q.identifier) for q in read_quotes(path, SCHEME)]


def test_inline_quotation_marks_of_every_style(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(
        "She said “the bus only comes twice a day” (VoS-AL-01) and later "
        "\"nobody told me about the lawyer\" (VoS-AL-02).\n\n"
        "Another: „we waited at the office all morning“ (VoS-AL-03); "
        "« the teacher called my mother » (VoS-AL-04).\n\n"
        "VoS-AL-05 put it this way: ‘I didn’t know the centre was free’.\n",
        encoding="utf-8")
    assert quotes(path) == [
        ("the bus only comes twice a day", "VoS-AL-01"),
        ("nobody told me about the lawyer", "VoS-AL-02"),
        ("we waited at the office all morning", "VoS-AL-03"),
        ("the teacher called my mother", "VoS-AL-04"),
        ("I didn’t know the centre was free", "VoS-AL-05"),
    ]


def test_scare_quotes_are_not_quotations_but_a_whole_paragraph_is(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("The word “support” meant different things.\n\n“Ask again.”\n\n(VoS-AL-02)\n",
                    encoding="utf-8")
    assert quotes(path) == [("Ask again.", "VoS-AL-02")]


def test_a_run_of_block_paragraphs_shares_the_identifier_after_it(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("> First part of what she said.\n\n> Second part of it.\n\n(VoS-AL-04)\n\n"
                    "> Said by a worker in the survey.\n\n— a surveyed frontline worker\n\n"
                    "> Nobody says who said this.\n\nOrdinary prose follows. (VoS-AL-01 is not it.)\n",
                    encoding="utf-8")
    got = read_quotes(path, SCHEME)
    assert [(q.text, q.identifier, q.attribution) for q in got] == [
        ("First part of what she said.", "VoS-AL-04", ""),
        ("Second part of it.", "VoS-AL-04", ""),
        ("Said by a worker in the survey.", None, "a surveyed frontline worker"),
        ("Nobody says who said this.", None, ""),
    ]
    assert all(q.block for q in got)


def test_markdown_blockquote_with_identifier_inside_and_emphasis(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("> *I asked for the psychologist [at school] and \\[…\\] waited.*\n>\n> (VoS-AL-06)\n",
                    encoding="utf-8")
    assert quotes(path) == [("I asked for the psychologist [at school] and […] waited.", "VoS-AL-06")]


def test_identifier_at_the_end_of_a_block_and_other_countries(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("\t“We had no money for the fare.” (VoS-MX-03)\n\n  - a list item, “not a quote at all here”\n",
                    encoding="utf-8")
    got = read_quotes(path, SCHEME)
    assert [(q.text, q.identifier, q.block) for q in got] == [
        ("We had no money for the fare.", "VoS-MX-03", True),
        ("not a quote at all here", None, False),
    ]


def test_docx_quote_style_indent_and_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("Introduction with no quotation.")
    d.add_paragraph("The officer wrote it all down.", style="Intense Quote")
    d.add_paragraph("(VoS-AL-01)")
    p = d.add_paragraph("An indented passage from a conversation.")
    p.paragraph_format.left_indent = Cm(1)
    d.add_paragraph("(VoS-AL-02)")
    d.add_paragraph("A bullet that is indented by its style.", style="List Bullet")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Theme"
    table.cell(0, 1).text = "“The centre called me back the same day.” (VoS-AL-03)"
    d.save(str(tmp_path / "d.docx"))
    got = read_quotes(tmp_path / "d.docx", SCHEME)
    assert [(q.text, q.identifier, q.block) for q in got] == [
        ("The officer wrote it all down.", "VoS-AL-01", True),
        ("An indented passage from a conversation.", "VoS-AL-02", True),
        ("The centre called me back the same day.", "VoS-AL-03", True),  # fills its cell
    ]
    assert got[0].where == "paragraph 2"


def test_html_blockquote_cite_q_and_hidden_text(tmp_path):
    path = tmp_path / "d.html"
    path.write_text(
        "<html><head><title>“A title in quotation marks here”</title>"
        "<script>var s = \"a script string with words\";</script></head><body>"
        "<blockquote><p>I kept the screenshots &amp; the dates.</p><cite>(VoS-AL-01)</cite></blockquote>"
        "<p>She said <q>no</q> (VoS-AL-02), then <em>“they never called me back after that”</em> "
        "(VoS-AL-03).</p>"
        "<p style=\"margin-left: 2em\">An indented paragraph of speech.</p><p>(VoS-AL-04)</p>"
        "</body></html>", encoding="utf-8")
    assert quotes(path) == [
        ("I kept the screenshots & the dates.", "VoS-AL-01"),
        ("no", "VoS-AL-02"),
        ("they never called me back after that", "VoS-AL-03"),
        ("An indented paragraph of speech.", "VoS-AL-04"),
    ]


@pytest.mark.parametrize("name,data,message", [
    ("missing.docx", None, "no such file"),
    ("notes.docx", b"just some text, not a zip", "not a Word document"),
    ("empty.md", b"  \n\n", "the draft is empty"),
    ("draft.pdf", b"%PDF-1.4", "unknown draft type .pdf"),
    ("zip.txt", b"PK\x03\x04rest", "a zip file"),
    ("bin.html", b"\x00\x01\x02binary", "binary data"),
    ("tags.html", b"<html><body><p> </p></body></html>", "has no text"),
])
def test_bad_drafts_are_one_clear_error(tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InvalidInput) as exc:
        read_quotes(path, SCHEME)
    assert message in str(exc.value) and name in str(exc.value)
    assert "\n" not in str(exc.value)


ALPHABET = list("ab “”\"„«»‘’'>()[]…-—\n\t ") + ["VoS-AL-04", "(VoS-AL-01)", "<q>", "</q>", "<blockquote>"]


@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
@settings(max_examples=150, deadline=None)
def test_any_text_draft_parses_without_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("h")
    for suffix in (".md", ".txt", ".html"):
        path = folder / f"d{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            got = read_quotes(path, SCHEME)
        except InvalidInput as exc:
            assert "empty" in str(exc) or "no text" in str(exc)
            continue
        for q in got:
            assert q.text.strip() and "\ue000" not in q.text and "\ue001" not in q.text
            assert q.identifier in (None, "VoS-AL-04", "VoS-AL-01")


def test_an_identifier_in_the_next_sentence_is_not_taken(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("One said “the office was closed every afternoon”. VoS-AL-02 disagreed: "
                    "“it was open on Fridays at least” (VoS-AL-02).\n", encoding="utf-8")
    assert quotes(path) == [("the office was closed every afternoon", None),
                            ("it was open on Fridays at least", "VoS-AL-02")]
