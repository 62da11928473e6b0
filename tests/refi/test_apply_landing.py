"""Where an import's codings land when the project already holds the text,
and what ``--skip-invalid`` keeps: the same survey answer from two
respondents, a short answer whose words are also another person's document,
selections that are skipped before and after good ones, a case or source
named with spaces, a multi-select answer before an ordinary one, and a note
that is both the project's and a code's. Built from plain data (as
``reader`` gives it); every text is invented for the test."""

from __future__ import annotations

import pytest

from vos_coder.core.model import ParsedSource
from vos_coder.errors import ImportFailed
from vos_coder.refi.apply import apply_project
from vos_coder.refi.model import (
    Case,
    Code,
    CodingRef,
    Link,
    Note,
    QdaProject,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)

ANSWER = "Yes, most weeks."


def _qp(sources: list[TextSource], cases: list[Case] | None = None, **more) -> QdaProject:
    variables = [Variable("v-kind", "source kind"), Variable("v-who", "participant"),
                 Variable("v-age", "age"), Variable("v-help-a", "help: aunt"),
                 Variable("v-help-t", "help: teacher")]
    return QdaProject(name="P", origin="Hand", users=[User("u1", "Ana")],
                      codes=[Code("c1", "Help"), Code("c2", "Silence")], variables=variables,
                      cases=cases or [], sources=sources,
                      source_guids={s.guid for s in sources}, **more)


def _answer(pid: str, kind: str = "survey answer", text: str = ANSWER) -> TextSource:
    return TextSource("a1", "Q3 answer", content=text,
                      values=[VariableValue("v-kind", kind), VariableValue("v-who", pid)],
                      selections=[Selection("x1", 0, 3, codings=[CodingRef("k1", "c1", "u1")])])


def _coded(project, source_id: int) -> list[tuple[int, int, str, str]]:
    return sorted((e.start, e.end, project.theme(c.theme_id).name, c.coder)
                  for e, cs in project.excerpts(source_id) for c in cs)


def test_a_survey_answer_two_respondents_gave_is_coded_on_its_own_respondents_copy(project):
    first = project.add_source("VoS-F-01", "Q3", ParsedSource(ANSWER + "\n", (), "survey answer"))
    second = project.add_source("VoS-F-02", "Q3", ParsedSource(ANSWER + "\n", (), "survey answer"))
    summary = apply_project(project, _qp([_answer("VoS-F-02")]), "hand.qdpx")
    assert summary.sources == 0
    assert summary.warnings == [(f"source 'Q3 answer' is already in the project (source "
                                f"{second.id}); its codings were added to it")]
    assert _coded(project, second.id) == [(0, 3, "Help", "Ana")]
    assert _coded(project, first.id) == []


def test_a_survey_answer_whose_words_are_another_persons_document_is_stored_for_its_respondent(
        project):
    other = project.add_source("VoS-T-01", "Note", ParsedSource(ANSWER + "\n", (), "document"))
    summary = apply_project(project, _qp([_answer("VoS-F-02")]), "hand.qdpx")
    assert summary.sources == 1 and summary.warnings == []
    mine = project.source("Q3 answer")
    assert (mine.participant, mine.kind) == ("VoS-F-02", "survey answer")
    assert mine.id != other.id
    assert _coded(project, mine.id) == [(0, 3, "Help", "Ana")]
    assert _coded(project, other.id) == []


def test_a_document_whose_words_are_another_respondents_answer_is_refused_not_coded_on_it(
        project):
    theirs = project.add_source("VoS-F-01", "Q3", ParsedSource(ANSWER + "\n", (), "survey answer"))
    with pytest.raises(ImportFailed) as e:
        apply_project(project, _qp([_answer("VoS-T-02", kind="document")]), "hand.qdpx")
    assert str(e.value) == (
        "hand.qdpx: source 'Q3 answer' (document, VoS-T-02) has the same text as a survey answer "
        "of another participant; nothing imported. If it is a survey answer too, give it the "
        "variable 'source kind' = 'survey answer'")
    assert "VoS-F-01" not in str(e.value)  # whose answer it is stays unsaid
    assert _coded(project, theirs.id) == []
    assert [s.id for s in project.sources()] == [theirs.id]
    assert project.themes() == []


TALK = "First words here.\nThen more words.\nAnd the last ones."


def test_skipped_selections_before_and_after_good_ones_leave_the_good_ones_coded(project):
    bad = [Selection("r", 9, 3, codings=[CodingRef("k-r", "c1", "u1")]),  # reversed
           Selection("o", 5, 500, codings=[CodingRef("k-o", "c1", "u1")]),  # outside
           Selection("e", 4, 4, codings=[CodingRef("k-e", "c1", "u1")])]  # empty
    good = [Selection("g1", 0, 5, codings=[CodingRef("k-1", "c1", "u1")]),
            Selection("g2", 18, 22, codings=[CodingRef("k-2", "c2", "u1")])]
    src = TextSource("t1", "Talk", content=TALK, selections=bad[:2] + good[:1] + bad[2:] + good[1:])
    summary = apply_project(project, _qp([src]), "hand.qdpx", skip_invalid=True)
    talk = project.source("Talk")
    assert _coded(project, talk.id) == [(0, 5, "Help", "Ana"), (18, 22, "Silence", "Ana")]
    assert [(e.start, e.end) for e, _ in project.excerpts(talk.id)] == [(0, 5), (18, 22)]
    assert (summary.excerpts, summary.codings) == (2, 2)
    assert summary.skipped == [
        "source 'Talk': selection 9-3 is reversed (start after end); skipped",
        f"source 'Talk': selection 5-500 lies outside its text (0-{len(TALK)}); skipped",
        "source 'Talk': selection 4-4 is empty; skipped"]


def test_codings_of_several_sources_are_all_counted(project):
    one = TextSource("t1", "Talk one", content=TALK,
                     selections=[Selection("x1", 0, 5, codings=[CodingRef("k1", "c1", "u1"),
                                                                CodingRef("k2", "c2", "u1")])])
    two = TextSource("t2", "Talk two", content="Other words entirely.",
                     selections=[Selection("x2", 0, 5, codings=[CodingRef("k3", "c1", "u1")])])
    summary = apply_project(project, _qp([one, two]), "hand.qdpx")
    assert (summary.sources, summary.excerpts, summary.codings) == (2, 2, 3)
    (entry,) = project.audit_log("import.qdpx")
    assert entry.details["codings"] == 3


def test_an_uncoded_selection_before_a_coded_one_keeps_both_spans(project):
    """A selection without codes becomes an excerpt at once; the coded ones
    are stored together after. Each keeps its own span and the coded one its
    coding, whatever the order in the file."""
    src = TextSource("t1", "Talk", content=TALK,
                     selections=[Selection("u", 18, 22),
                                 Selection("c", 0, 5, codings=[CodingRef("k1", "c1", "u1")])])
    apply_project(project, _qp([src]), "hand.qdpx")
    talk = project.source("Talk")
    assert [(e.start, e.end, [project.theme(c.theme_id).name for c in cs])
            for e, cs in project.excerpts(talk.id)] == [(0, 5, ["Help"]), (18, 22, [])]


def test_names_with_inner_spaces_keep_one_space(project):
    case = Case("k1", " Participant \t 7 ", source_refs=["t1"])
    talk = TextSource("t1", "Talk", content=TALK)
    sheet = TextSource("t2", "Sheet", content="Some other text.",
                       values=[VariableValue("v-who", " Respondent  12\n")])
    apply_project(project, _qp([talk, sheet], cases=[case]), "hand.qdpx")
    assert project.source("Talk").participant == "Participant 7"
    assert project.source("Sheet").participant == "Respondent 12"
    assert {p.pid for p in project.participants()} >= {"Participant 7", "Respondent 12"}


def test_a_multi_select_answer_or_an_unknown_variable_before_an_ordinary_one_keeps_it(project):
    cases = [Case("k1", "VoS-T-01", values=[VariableValue("v-help-a", "true"),
                                            VariableValue("v-help-t", "false"),
                                            VariableValue("v-not-declared", "x"),
                                            VariableValue("v-age", "19")]),
             Case("k2", "VoS-T-02", values=[VariableValue("v-help-t", "yes"),
                                            VariableValue("v-help-a", "no"),
                                            VariableValue("v-age", "20")])]
    apply_project(project, _qp([], cases=cases), "hand.qdpx")
    assert project.participant("VoS-T-01").attributes == {"help": ["aunt"], "age": ["19"]}
    assert project.participant("VoS-T-02").attributes == {"help": ["teacher"], "age": ["20"]}


def test_a_project_note_also_linked_to_a_code_is_on_both(project):
    qp = _qp([], notes=[Note("n1", "", "About help, and the whole project.", "u1")],
             project_note_refs=["n1"], links=[Link("l1", "n1", "c1")])
    summary = apply_project(project, qp, "hand.qdpx")
    got = sorted((m.target_kind, m.target_id, m.author) for m in project.all_memos())
    assert got == [("project", None, "Ana"), ("theme", project.theme("Help").id, "Ana")]
    assert summary.memos == 2


def test_a_source_whose_text_is_missing_does_not_stop_the_next_one(project):
    lost = TextSource("t0", "Lost", missing="its plain text a.txt is not in the archive")
    nothing = TextSource("t1", "No text", content="")
    talk = TextSource("t2", "Talk", content=TALK,
                      selections=[Selection("x", 0, 5, codings=[CodingRef("k", "c1", "u1")])])
    summary = apply_project(project, _qp([lost, nothing, talk]), "hand.qdpx")
    assert summary.skipped == ["text source 'Lost': its plain text a.txt is not in the archive; skipped",
                               "text source 'No text': its plain text is empty; skipped"]
    assert [s.title for s in project.sources()] == ["Talk"]
    assert _coded(project, project.source("Talk").id) == [(0, 5, "Help", "Ana")]


def test_a_byte_order_mark_is_no_character_and_a_tool_that_counted_it_is_read_so(project):
    text = "Xena: we met online.\nIt went on for months."
    words = ["Xena", "we met online", "It went on", "months"]
    sels = [Selection(f"x{i}", text.index(w) + 1, text.index(w) + len(w) + 1,
                      codings=[CodingRef(f"k{i}", "c1", "u1")]) for i, w in enumerate(words)]
    src = TextSource("t1", "Talk", content="\ufeff" + text, selections=sels)
    summary = apply_project(project, _qp([src]), "hand.qdpx")
    talk = project.source("Talk")
    assert project.source_text(talk.id) == text + "\n"
    assert [e.text for e, _ in project.excerpts(talk.id)] == words
    assert summary.conventions == [("source 'Talk': positions count code points, the byte-order "
                                   "mark counted (4 of 4 selection(s) at word or line boundaries; "
                                   "counting code points: 0 at boundaries)")]


# After the emoji, a selection of "--" in code points is "x-" in UTF-16 units:
# both start and end at boundaries, so only the file's origin can tell.
TIED = "\U0001F614 x--y--z"


def test_a_file_vos_coder_wrote_is_read_as_its_origin_says(project):
    src = TextSource("t1", "Talk", content=TIED,
                     selections=[Selection("x", 3, 5, codings=[CodingRef("k", "c1", "u1")])])
    qp = _qp([src])
    qp.origin = "vos-coder 1.0"
    summary = apply_project(project, qp, "ours.qdpx")
    assert [e.text for e, _ in project.excerpts(project.source("Talk").id)] == ["--"]
    assert summary.conventions == [] and summary.skipped == []


def test_a_source_whose_positions_cannot_be_told_is_skipped_and_the_next_imported(project):
    tied = TextSource("t1", "Tied", content=TIED,
                      selections=[Selection("x", 3, 5, codings=[CodingRef("k", "c1", "u1")])])
    talk = TextSource("t2", "Talk", content=TALK,
                      selections=[Selection("y", 0, 5, codings=[CodingRef("k2", "c2", "u1")])])
    summary = apply_project(project, _qp([tied, talk]), "hand.qdpx", skip_invalid=True)
    assert summary.skipped == [
        ("source 'Tied': cannot tell how its positions are counted: its 1 selection(s) fit "
        "counting code points and counting UTF-16 code units equally well (1 at word boundaries "
        "either way) but land on different text; skipped")]
    assert project.excerpts(project.source("Tied").id) == []  # its text, none of its codings
    assert _coded(project, project.source("Talk").id) == [(0, 5, "Silence", "Ana")]


def test_a_whole_source_coding_without_a_code_is_named_so(project):
    src = TextSource("t1", "Talk", content=TALK, codings=[CodingRef("k", "", "u1")])
    with pytest.raises(ImportFailed, match=r"  - source 'Talk': a coding of the whole source "
                                           r"names code \(none\), which is not in the codebook$"):
        apply_project(project, _qp([src]), "hand.qdpx")


def test_our_theme_keeps_its_definition_when_a_file_brings_the_same_code(project):
    project.add_theme("Help", description="Ours: someone offers support.", colour="#112233")
    qp = _qp([])
    qp.codes = [Code("c1", "Help", color="#ff0000", description="Theirs.")]
    summary = apply_project(project, qp, "hand.qdpx")
    help_ = project.theme("Help")
    assert (help_.description, help_.colour) == ("Ours: someone offers support.", "#112233")
    assert summary.themes_added == 0


def test_a_withdrawn_participant_named_by_a_title_refuses_the_import(project):
    project.ensure_participant("VoS-T-03", "survivor")
    project.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = 'VoS-T-03'")
    src = TextSource("t1", "Talk with VoS-T-03", content=TALK)
    with pytest.raises(ImportFailed, match=r"^hand.qdpx: source 'Talk with VoS-T-03' belongs to "
                                           r"withdrawn participant VoS-T-03; nothing imported$"):
        apply_project(project, _qp([src]), "hand.qdpx")
    assert project.sources(include_withdrawn=True) == []


@pytest.mark.parametrize("n", [1, 3, 4])
def test_sources_sent_by_title_are_listed_up_to_three(project, n):
    for i in range(1, n + 1):
        project.ensure_participant(f"VoS-T-0{i}", "survivor")
    srcs = [TextSource(f"t{i}", f"Talk with VoS-T-0{i}", content=f"Text number {i}.")
            for i in range(1, n + 1)]
    summary = apply_project(project, _qp(srcs), "hand.qdpx")
    shown = ", ".join(f"'Talk with VoS-T-0{i}' -> VoS-T-0{i}" for i in range(1, min(n, 3) + 1))
    assert summary.warnings == [(f"{n} source(s) belong to no case; each went to the participant "
                                f"its title names ({shown}{', ...' if n > 3 else ''})")]
