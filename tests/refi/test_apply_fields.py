"""Where another tool's codings land in our project, field by field: which
passage each selection becomes and who coded it, a coding of a whole source,
which participant and group a case or a source goes to, which memo lands on
what, with its author and time; and each problem that stops an import, by its
line. The project is built from plain data (as ``reader`` gives it); all the
text is invented for the test."""

from __future__ import annotations

import pytest

from vos_coder.errors import ImportFailed
from vos_coder.refi.apply import ImportSummary, _when, apply_project, problem_list
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

TEXT = "Alpha line one.\nBeta says two.\nGamma ends three."


def _qp() -> QdaProject:
    codes = [Code("c1", "Help", note_refs=["n-theme"], children=[Code("c2", "Aunt")]),
             Code("c3", "Silence")]
    variables = [Variable("v-age", "age"), Variable("v-group", "group"),
                 Variable("v-kind", "source kind"), Variable("v-who", "participant"),
                 Variable("v-blank", "  ")]
    cases = [
        Case("k1", "  VoS-T-01\n ", values=[VariableValue("v-age", "19"),
                                            VariableValue("v-group", "interviewer"),
                                            VariableValue("v-blank", "x"),
                                            VariableValue("v-unknown", "y")],
             source_refs=["s1"]),
        Case("abcdef123456", "", values=[VariableValue("v-age", "20")]),
    ]
    s1 = TextSource("s1", "Talk  one", content="\ufeff" + TEXT, note_refs=["n-source"],
                    values=[VariableValue("v-kind", "conversation")],
                    selections=[
                        Selection("x1", 0, 5, user="u2",
                                  codings=[CodingRef("k-1", "c2", "u1"), CodingRef("k-2", "c3", "")],
                                  note_refs=["n-excerpt"]),
                        Selection("x2", 16, 20, user="u2", codings=[CodingRef("k-3", "c1", "")]),
                        Selection("x3", 32, 37),  # no codes: an excerpt alone
                        Selection("x4", 16, 20, user="nobody",
                                  codings=[CodingRef("k-4", "c3", "u-none")]),
                    ],
                    codings=[CodingRef("k-5", "c3", "u1"), CodingRef("k-6", "gone", "u1")])
    s2 = TextSource("s2", "Answer sheet", content="Only words here.",
                    values=[VariableValue("v-who", "  VoS-T-02 "), VariableValue("v-kind", "odd")])
    s3 = TextSource("s3", "Empty one", content="  \n")
    s4 = TextSource("s4", "Lost one", missing="its plain text x.txt is not in the archive")
    notes = [Note("n-theme", "", " On help. ", "u1", "2024-01-02T03:04:05+00:00Z"),
             Note("n-source", "", "On the talk.", "u2", "2024-01-02 03:04"),
             Note("n-excerpt", "", "On alpha.", "", "not a time"),
             Note("n-case", "", "On the person.", "u-none"),
             Note("n-free", "", "Nowhere in particular."),
             Note("n-empty", "", "   "),
             Note("n-two", "", "Twice linked.")]
    links = [Link("l1", "n-case", "k1"), Link("l2", "c3", "n-two"), Link("l3", "n-two", "c3"),
             Link("l4", "s2", "n-two"), Link("l5", "n-two", "x2"), Link("l6", "n-free", "zz")]
    return QdaProject(name="P", origin="Hand", users=[User("u1", "Ana"), User("u2", "")],
                      codes=codes, variables=variables, cases=cases, sources=[s1, s2, s3, s4],
                      notes=notes, links=links, project_note_refs=["n-free"],
                      source_guids={"s1", "s2", "s3", "s4"},
                      skipped=["PDF source 'L': skipped"], warnings=["from the reader"])


def test_codings_land_on_their_passages_with_their_coders(project):
    summary = apply_project(project, _qp(), "hand.qdpx", skip_invalid=True)
    src = project.source("Talk one")
    full = project.source_text(src.id)
    assert full == TEXT + "\n"  # the BOM is no character; stored text ends its last line
    assert (src.kind, src.participant) == ("conversation", "VoS-T-01")
    got = sorted((e.start, e.end, e.text, project.theme(c.theme_id).path, c.coder)
                 for e, cs in project.excerpts(src.id) for c in cs)
    assert got == [
        (0, 5, "Alpha", "Help/Aunt", "Ana"),
        (0, 5, "Alpha", "Silence", "u2"),  # a user without a name: their guid
        (0, len(full), full, "Silence", "Ana"),  # the whole source
        (16, 20, "Beta", "Help", "u2"),  # no user on the coding: the selection's
        (16, 20, "Beta", "Silence", "unknown"),
    ]
    assert [(e.start, e.end, cs) for e, cs in project.excerpts(src.id) if not cs] == [(32, 37, [])]
    assert (summary.sources, summary.excerpts, summary.codings) == (2, 3, 5)
    assert (summary.themes_added, summary.participants, summary.memos) == (3, 3, 8)
    assert summary.line() == ("2 source(s), 3 new theme(s), 3 new participant(s), 3 excerpt(s), "
                              "5 coding(s), 8 memo(s)")
    assert summary.skipped == [
        "PDF source 'L': skipped",
        "text source 'Lost one': its plain text x.txt is not in the archive; skipped",
        ("source 'Talk  one': a coding of the whole source names code gone, which is not in the "
         "codebook; skipped"),
        "text source 'Empty one': its plain text is empty; skipped",
    ]
    assert summary.warnings[0] == "from the reader"
    assert summary.conventions == []
    (entry,) = project.audit_log("import.qdpx")
    assert (entry.details["file"], entry.details["origin"], entry.details["sources"],
            entry.details["excerpts"], entry.details["codings"], entry.details["memos"],
            entry.details["skipped"]) == ("hand.qdpx", "Hand", 2, 3, 5, 8, 4)


def test_cases_and_sources_go_to_their_participants(project):
    project.ensure_participant("VoS-T-01", "survivor")
    summary = apply_project(project, _qp(), "hand.qdpx", skip_invalid=True)
    one = project.participant("VoS-T-01")
    assert (one.group, one.attributes) == ("interviewer", {"age": ["19"]})
    unnamed = project.participant("case-abcdef12")
    assert (unnamed.group, unnamed.attributes) == ("survivor", {"age": ["20"]})
    sheet = project.source("Answer sheet")
    assert (sheet.participant, sheet.kind) == ("VoS-T-02", "document")
    assert project.participant("VoS-T-02").group == "survivor"
    assert summary.participants == 2
    assert [s.title for s in project.sources()] == ["Talk one", "Answer sheet"]
    assert project.q1("SELECT origin FROM sources WHERE title = 'Talk one'") == "hand.qdpx:Talk  one"


def test_memos_land_on_what_they_are_about(project):
    apply_project(project, _qp(), "hand.qdpx", skip_invalid=True)
    talk = project.source("Talk one")
    excerpt = {(e.start, e.end): e.id for e, _ in project.excerpts(talk.id)}
    want = {
        ("theme", project.theme("Help").id, "On help.", "Ana", "2024-01-02T03:04:05+00:00"),
        ("source", talk.id, "On the talk.", "u2", "2024-01-02T03:04:00+00:00"),
        ("excerpt", excerpt[(0, 5)], "On alpha.", "unknown", None),
        ("participant", project.participant("VoS-T-01").id, "On the person.", "unknown", None),
        ("project", None, "Nowhere in particular.", "unknown", None),
        ("theme", project.theme("Silence").id, "Twice linked.", "unknown", None),
        ("source", project.source("Answer sheet").id, "Twice linked.", "unknown", None),
        ("excerpt", excerpt[(16, 20)], "Twice linked.", "unknown", None),
    }
    got = {(m.target_kind, m.target_id, m.text, m.author,
            m.created_at if m.created_at.startswith("2024-01-02") else None)
           for m in project.all_memos()}
    assert got == want
    assert len(project.all_memos()) == 8


def test_a_link_from_a_note_to_a_coding_target_in_either_direction(project):
    qp = _qp()
    qp.links = [Link("l1", "k1", "n-case")]
    qp.project_note_refs = []
    apply_project(project, qp, "hand.qdpx", skip_invalid=True)
    on = {m.text: (m.target_kind, m.target_id) for m in project.all_memos()}
    assert on["On the person."] == ("participant", project.participant("VoS-T-01").id)
    assert on["Nowhere in particular."] == ("project", None)  # no target: the project


def test_every_problem_is_listed_and_nothing_is_stored(project):
    qp = _qp()
    qp.sources[0].selections += [Selection("r", 9, 3), Selection("o", 5, 500),
                                 Selection("n", -1, 2), Selection("e", 4, 4),
                                 Selection("u", 1, 2, codings=[CodingRef("k", "", "u1")])]
    qp.sources[3].selections = [Selection("m", 0, 1)]
    qp.sources[3].codings = [CodingRef("w", "c1")]
    qp.cases[0].source_refs.append("s9")
    before = project.q1("SELECT count(*) FROM participants")
    with pytest.raises(ImportFailed) as e:
        apply_project(project, qp, "hand.qdpx")
    assert str(e.value) == (
        "hand.qdpx: 8 problem(s), nothing imported (pass --skip-invalid to import the rest and "
        "list what is skipped):\n"
        "  - source 'Talk  one': selection 9-3 is reversed (start after end)\n"
        f"  - source 'Talk  one': selection 5-500 lies outside its text (0-{len(TEXT)})\n"
        f"  - source 'Talk  one': selection -1-2 lies outside its text (0-{len(TEXT)})\n"
        "  - source 'Talk  one': selection 4-4 is empty\n"
        "  - source 'Talk  one': selection 1-2: its coding names code (none), which is not in the "
        "codebook\n"
        "  - source 'Talk  one': a coding of the whole source names code gone, which is not in the "
        "codebook\n"
        "  - source 'Lost one': 2 coding(s) point at a source whose text is missing (its plain "
        "text x.txt is not in the archive)\n"
        "  - case '  VoS-T-01\\n ' refers to source s9, which is not in the file")
    assert project.q1("SELECT count(*) FROM participants") == before
    assert project.themes() == [] and project.sources() == []


def test_at_the_selection_limits(project):
    qp = _qp()
    qp.sources[0].selections = [Selection("a", 0, len(TEXT), codings=[CodingRef("k", "c1", "u1")]),
                                Selection("b", 0, 1, codings=[CodingRef("k2", "c1", "u1")])]
    qp.sources[0].codings = []
    summary = apply_project(project, qp, "hand.qdpx")
    assert summary.skipped == ["PDF source 'L': skipped",
                               "text source 'Lost one': its plain text x.txt is not in the archive; skipped",
                               "text source 'Empty one': its plain text is empty; skipped"]
    talk = project.source("Talk one")
    assert sorted((e.start, e.end) for e, _ in project.excerpts(talk.id)) == [(0, 1), (0, len(TEXT))]


def test_a_withdrawn_case_or_owner_refuses_the_import(project):
    project.ensure_participant("VoS-T-01", "survivor")
    project.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = 'VoS-T-01'")
    with pytest.raises(ImportFailed, match=r"^hand.qdpx: case 'VoS-T-01' is a withdrawn "
                                           r"participant in this project; nothing imported$"):
        apply_project(project, _qp(), "hand.qdpx", skip_invalid=True)
    qp = _qp()
    qp.cases = []
    qp.source_guids = {"s1", "s2", "s3", "s4"}
    qp.sources[1].values = [VariableValue("v-who", "VoS-T-01")]
    qp.sources = [qp.sources[1]]
    with pytest.raises(ImportFailed, match=r"^hand.qdpx: source 'Answer sheet' belongs to "
                                           r"withdrawn participant VoS-T-01; nothing imported$"):
        apply_project(project, qp, "hand.qdpx")


def test_the_same_text_again_adds_codings_to_the_stored_source(project):
    apply_project(project, _qp(), "hand.qdpx", skip_invalid=True)
    talk = project.source("Talk one")
    qp = _qp()
    qp.sources[0].name = "Talk again"
    summary = apply_project(project, qp, "again.qdpx", skip_invalid=True)
    assert summary.sources == 0
    assert ("source 'Answer sheet' is already in the project (source "
            f"{project.source('Answer sheet').id}); its codings were added to it") in summary.warnings
    assert (f"source 'Talk again' is already in the project (source {talk.id}); its codings were "
            "added to it") in summary.warnings
    assert [s.title for s in project.sources()] == ["Talk one", "Answer sheet"]


def test_sources_without_a_case_warn_where_they_went(project):
    qp = _qp()
    qp.cases = []
    for i in range(1, 6):
        project.ensure_participant(f"VoS-T-0{i}", "survivor")
    qp.sources = [TextSource(f"t{i}", f"Talk with VoS-T-0{i}", content=f"Text {i}.")
                  for i in range(1, 6)] + [TextSource("t9", "Nobody's talk", content="Text 9.")]
    summary = apply_project(project, qp, "hand.qdpx")
    assert ("5 source(s) belong to no case; each went to the participant its title names "
            "('Talk with VoS-T-01' -> VoS-T-01, 'Talk with VoS-T-02' -> VoS-T-02, "
            "'Talk with VoS-T-03' -> VoS-T-03, ...)") in summary.warnings
    assert ("1 source(s) belong to no case and their titles name no one participant; kept under "
            "participant 'unassigned': \"Nobody's talk\"") in summary.warnings
    assert project.source("Nobody's talk").participant == "unassigned"
    assert project.participant("unassigned").group == "unassigned"


def test_near_standard_times_and_problem_lists():
    assert _when("2024-01-02T03:04:05+02:00Z") == "2024-01-02T01:04:05+00:00"
    assert _when(" 2024-01-02T03:04:05-0130Z ") == "2024-01-02T04:34:05+00:00"
    assert _when("2024-01-02T03:04:05Z") == "2024-01-02T03:04:05+00:00"
    assert _when("") is None and _when(None) is None
    assert problem_list([f"p{i}" for i in range(20)]).splitlines()[-1] == "  - p19"
    assert problem_list([f"p{i}" for i in range(22)]).splitlines()[-2:] == ["  - p19",
                                                                         "  ... and 2 more"]
    assert ImportSummary().line() == ("0 source(s), 0 new theme(s), 0 new participant(s), "
                                      "0 excerpt(s), 0 coding(s), 0 memo(s)")
