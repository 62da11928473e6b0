"""Each merge rule by example, with the conflict the lead reads word for word.
Real project files in tmp_path; fictional, non-graphic text."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.team.conftest import transcript
from tests.team.test_merge import code_turn, codings, copies
from vos_coder.core.model import ParsedSource
from vos_coder.errors import ProjectError
from vos_coder.store import Project
from vos_coder.team import merge_project, resolve_quote
from vos_coder.team.merge import RULES, MergeConflict, MergeReport


def conflicts(report) -> list[tuple]:
    return [(c.kind, c.subject, c.ours, c.theirs, c.resolution) for c in report.conflicts]


# -- participants ------------------------------------------------------------------------
def test_attribute_values_in_another_order_are_not_a_conflict(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        ana.set_attributes("VoS-AL-01", {"contact": ["phone", "chat"], "age": ["17"]})
    with Project.open(ben_path) as ben:
        ben.set_attributes("VoS-AL-01", {"contact": ["chat", "phone"], "age": ["19", "18"]})
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("participant attribute", "VoS-AL-01 age", "17", "19; 18", "ours kept")]
        assert sorted(ana.participant("VoS-AL-01").attributes["age"]) == ["17"]
        assert not report.changed and report.added["attributes"] == 0


def test_withdrawn_in_the_other_file_brings_nothing_and_says_where(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        code_turn(ben, 2, 1, "Culture of silence", "ben")
        ben.set_attributes("VoS-AL-02", {"age": "19"})
        with ben.transaction():
            ben.interchange_memo("participant", ben.participant("VoS-AL-02").id, "Asked to stop.", "ben")
            ben.interchange_memo("project", None, "Round two closed.", "ben")
        ben.withdraw("VoS-AL-02")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("participant withdrawn", "VoS-AL-02", "active", "withdrawn",
             "withdrawn in the other file: nothing of theirs brought in")]
        assert ana.participant("VoS-AL-02").attributes == {}
        assert report.added["memos"] == 1  # the project memo after theirs still comes in
        assert [(m.target_kind, m.text) for m in ana.all_memos()] == [("project", "Round two closed.")]
    assert codings(ana_path) == []
    with Project.open(ben_path) as ben:  # and the other way round
        report = merge_project(ben, ana_path)
        assert conflicts(report) == [
            ("participant withdrawn", "VoS-AL-02", "withdrawn", "active",
             "withdrawn in this project: nothing of theirs brought in")]


def test_withdrawn_in_both_files_is_no_conflict(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    for path in (ana_path, ben_path):
        with Project.open(path) as p:
            p.withdraw("VoS-AL-02")
    with Project.open(ben_path) as ben:
        code_turn(ben, 1, 1, "Culture of silence", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.conflicts == [] and report.added["codings"] == 1


def test_new_participant_comes_in_with_their_group_and_its_attribution(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.set_group("helpline staff", "anonymous", "a helpline worker")
        ben.add_source("VoS-HW-01", "Helpline worker 1", transcript([
            ("Interviewer", "What do callers ask first?"),
            ("Participant", "Whether anyone will find out that they called.")]), group="helpline staff")
        ben.add_source("VoS-AL-04", "VoS-AL-04", transcript([
            ("Interviewer", "Anything else?"), ("Participant", "No, that is all for today.")]))
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["participants"] == 2 and report.added["sources"] == 2
        assert report.added["attributes"] == 0
        assert ana.participant("VoS-HW-01").group == "helpline staff"
        assert ana.participant("VoS-AL-04").group == "survivor"
        group = ana.group("helpline staff")
        assert (group.attribution, group.label) == ("anonymous", "a helpline worker")
        assert ana.source("Helpline worker 1").participant == "VoS-HW-01"


def test_participant_in_another_group_keeps_ours_and_reports(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.set_participant_group("VoS-AL-02", "frontline worker")
        code_turn(ben, 2, 1, "Culture of silence", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("participant group", "VoS-AL-02", "survivor", "frontline worker", "ours kept")]
        assert ana.participant("VoS-AL-02").group == "survivor"
        assert report.added["codings"] == 1


# -- sources -----------------------------------------------------------------------------
def test_changed_text_is_matched_by_participant_and_title(base_path, tmp_path):
    """A title that is not the participant's identifier: the source is found by both."""
    ana_path, ben_path = tmp_path / "ana.db", tmp_path / "ben.db"
    said = [("Interviewer", "How did it start?"), ("Participant", "With a message from a stranger.")]
    with Project.create(ana_path) as ana:
        ana.add_source("VoS-AL-05", "Interview one", transcript(said))
        ana.add_source("VoS-AL-06", "VoS-AL-05", transcript(said[:1] + [("Participant", "I do not know.")]))
    with Project.create(ben_path) as ben:
        src = ben.add_source("VoS-AL-05", "Interview one", transcript(said + [("Interviewer", "Thank you.")]))
        text = ben.source_text(src.id)
        start = text.index("With a message")
        ben.code(src.id, start, start + 14, ["Culture of silence"], "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("source text changed", "VoS-AL-05 'Interview one'", "this text", "a different text",
             "ours kept; passages re-found in our text")]
        [passage] = ana.query(coder="ben")
        assert (passage.participant, passage.text) == ("VoS-AL-05", "With a message")
        assert report.added["sources"] == 0


def test_ambiguous_passage_in_a_changed_text_is_left_out_not_put_at_the_first_hit(base_path, tmp_path):
    ana_path, ben_path = tmp_path / "ana.db", tmp_path / "ben.db"
    with Project.create(ana_path) as ana:
        ana.add_source("VoS-AL-07", "VoS-AL-07", transcript([
            ("Interviewer", "Did you tell anyone?"), ("Participant", "I told nobody."),
            ("Interviewer", "And later?"), ("Participant", "Later too. I told nobody.")]))
    with Project.create(ben_path) as ben:
        src = ben.add_source("VoS-AL-07", "VoS-AL-07", transcript([
            ("Interviewer", "Did you tell anyone?"), ("Participant", "I told nobody."),
            ("Interviewer", "And later?"), ("Participant", "Later, I told my sister.")]))
        text = ben.source_text(src.id)
        start = text.index("I told nobody.")
        ben.code(src.id, start, start + 14, ["Culture of silence"], "ben")
        eid = ben.find_excerpt(src.id, start, start + 14)
        ben.set_quote_status(eid, "approved", by="excerpt")
        with ben.transaction():
            ben.interchange_memo("excerpt", eid, "Said twice in our copy.", "ben")
        later = text.index("Later, I told")
        ben.code(src.id, later, later + 5, ["Culture of silence"], "ben")  # "Later" is in ours once
        ben.set_quote_status(ben.find_excerpt(src.id, later, later + 5), "excluded", by="excerpt")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        left = [c for c in conflicts(report) if c[0] == "passage not re-found"]
        where = f"{start}:{start + 14}"
        assert left == [
            ("passage not re-found", "source 1", "text changed", f"coding by ben at {where}", "left out"),
            ("passage not re-found", "source 1", "text changed", f"a memo at {where}", "left out"),
            ("passage not re-found", "source 1", "text changed", f"a quote decision at {where}", "left out")]
        [passage] = ana.query(coder="ben")
        assert passage.text == "Later" and passage.quote_status == "excluded"
        assert report.added == {"participants": 0, "sources": 0, "themes": 0, "codings": 1,
                                "memos": 0, "quote decisions": 1, "attributes": 0, "definitions": 0}


def test_quote_decision_and_memos_follow_a_changed_text(base_path, tmp_path):
    ana_path = copies(base_path, "ana")[0]
    ben_path = tmp_path / "ben.db"
    with Project.open(ana_path) as ana:
        original = ana.source_text(2)
        ana.add_theme("Peer support", "Support services")
    with Project.create(ben_path) as ben:
        ben.add_source("VoS-AL-02", "VoS-AL-02", ParsedSource("Interviewer: (Second visit.)\n\n" + original))
        src = ben.source("VoS-AL-02")
        text = ben.source_text(src.id)
        phrase = "only a tired teacher with forty pupils."
        start = text.index(phrase)
        ben.code(src.id, start, start + len(phrase), ["Culture of silence"], "ben")
        eid = ben.find_excerpt(src.id, start, start + len(phrase))
        ben.set_quote_status(eid, "excluded", by="excerpt")
        with ben.transaction():
            ben.interchange_memo("source", src.id, "Second visit added at the start.", "ben")
            ben.interchange_memo("participant", ben.participant("VoS-AL-02").id, "Prefers mornings.", "ben")
            ben.interchange_memo("excerpt", eid, "About the school.", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert [c[0] for c in conflicts(report)] == ["source text changed"]
        [passage] = ana.query(coder="ben")
        assert passage.text == phrase and passage.quote_status == "excluded"
        memos = {(m.target_kind, m.target_id, m.text) for m in ana.all_memos()}
        ours = ana.find_excerpt(2, original.index(phrase), original.index(phrase) + len(phrase))
        assert memos == {("source", 2, "Second visit added at the start."),
                         ("participant", ana.participant("VoS-AL-02").id, "Prefers mornings."),
                         ("excerpt", ours, "About the school.")}
        assert report.added["memos"] == 3 and report.added["quote decisions"] == 1


def test_identical_survey_answers_of_two_respondents_both_come_in(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        for pid in ("VoS-FW-01", "VoS-FW-02"):
            ben.add_source(pid, f"{pid} Q3", ParsedSource("No.\n", kind="survey answer"),
                           group="frontline worker")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["sources"] == 2 and report.conflicts == []
        assert {s.participant for s in ana.sources() if s.kind == "survey answer"} == {
            "VoS-FW-01", "VoS-FW-02"}


def test_same_transcript_under_another_participant_is_left_out(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        text = ana.source_text(1)
    with Project.open(ben_path) as ben:
        copy = ben.add_source("VoS-AL-09", "Copy of 01", ParsedSource(text), allow_duplicate=True)
        ben.code(copy.id, text.index("A poster"), text.index(" but I"), ["Culture of silence"], "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("same text, other participant", "Copy of 01", "VoS-AL-01", "VoS-AL-09", "left out")]
        assert report.added["sources"] == 0 and report.added["codings"] == 0
        assert ana.query(coder="ben") == []


# -- themes ------------------------------------------------------------------------------
def test_a_theme_both_added_at_the_same_place_is_one_theme(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        mine = ana.add_theme("Peer support", "Support services", description="Friends who help.")
        ana.add_theme("Online friends", mine.path)
    with Project.open(ben_path) as ben:
        theirs = ben.add_theme("Peer support", "Support services", inclusion="Help from a friend.")
        ben.add_theme("Online friends", theirs.path, exclusion="Family members.")
        code_turn(ben, 1, 3, "Support services/Peer support/Online friends", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["themes"] == 0 and report.conflicts == []
        theme = ana.theme("Support services/Peer support")
        assert theme.uuid == mine.uuid
        assert (theme.description, theme.inclusion) == ("Friends who help.", "Help from a friend.")
        assert ana.theme(theme.path + "/Online friends").exclusion == "Family members."
        [passage] = ana.query(coder="ben")
        assert passage.themes == ("Support services/Peer support/Online friends",)


def test_a_theme_moved_in_the_other_file_stays_here_and_is_reported(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.move_theme("Stigma and shame/Culture of silence", "Support services")
        ben.add_theme("At home", "Support services/Culture of silence")
        code_turn(ben, 1, 3, "Support services/Culture of silence/At home", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("theme renamed or moved", "Stigma and shame/Culture of silence",
             "Stigma and shame/Culture of silence", "Support services/Culture of silence", "ours kept")]
        assert report.added["themes"] == 1
        [passage] = ana.query(coder="ben")
        assert passage.themes == ("Stigma and shame/Culture of silence/At home",)


def test_definitions_that_differ_keep_ours_and_empty_ones_are_filled(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    path = "Stigma and shame/Culture of silence"
    with Project.open(ana_path) as ana:
        before = ana.theme(path)
        ana.describe_theme(path, inclusion="", exclusion="Ours: a named fear.")
    with Project.open(ben_path) as ben:
        ben.describe_theme(path, description="Theirs: hiding it.", inclusion="Theirs: telling nobody.",
                           exclusion="")  # ours set, theirs empty: no conflict
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("theme description", path, before.description, "Theirs: hiding it.", "ours kept")]
        theme = ana.theme(path)
        assert (theme.description, theme.inclusion, theme.exclusion) == (
            before.description, "Theirs: telling nobody.", "Ours: a named fear.")
        assert report.added["definitions"] == 1
    with Project.open(ben_path) as ben:
        ben.describe_theme(path, inclusion="Theirs: other words.")
    with Project.open(ana_path) as ana:
        assert [c[0] for c in conflicts(merge_project(ana, ben_path))] == [
            "theme description", "theme inclusion"]


# -- quotes ------------------------------------------------------------------------------
def test_resolve_quote_every_pairing():
    cand = {"status": "candidate", "display_text": None}
    cand_shown = {"status": "candidate", "display_text": "[…] my aunt."}
    appr = {"status": "approved", "display_text": "I told [my] aunt."}
    excl = {"status": "excluded", "display_text": None}
    assert resolve_quote(cand, excl) == ("excluded", None, None)
    assert resolve_quote(excl, cand) == ("excluded", None, None)
    assert resolve_quote(excl, appr) == ("excluded", "I told [my] aunt.",
                                         "approved in one file, excluded in the other")
    assert resolve_quote(appr, excl) == ("excluded", "I told [my] aunt.",
                                         "approved in one file, excluded in the other")
    assert resolve_quote(cand_shown, appr) == ("approved", "[…] my aunt.", "display texts differ")
    assert resolve_quote(cand, cand_shown) == ("candidate", "[…] my aunt.", None)
    assert resolve_quote(appr, appr) == ("approved", "I told [my] aunt.", None)
    assert resolve_quote(dict(appr, status="excluded"), dict(cand_shown, status="approved")) == (
        "excluded", "I told [my] aunt.",
        "approved in one file, excluded in the other; display texts differ")


def test_quote_conflict_over_display_text_names_ours_and_theirs(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    phrase = "At home nobody speaks about such things."
    for path, coder, status, shown in ((ana_path, "ana", "excluded", "[…] nobody speaks about such things."),
                                       (ben_path, "ben", "approved", "At home nobody speaks […].")):
        with Project.open(path) as p:
            start = p.source_text(1).index(phrase)
            p.code(1, start, start + len(phrase), ["Culture of silence"], coder)
            eid = p.find_excerpt(1, start, start + len(phrase))
            p.set_quote_status(eid, status, by="excerpt")
            p.set_display_text(eid, shown, by="excerpt")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        [passage] = ana.query()
        assert conflicts(report) == [
            ("quote decision", passage.quote_id,
             "excluded as '[…] nobody speaks about such things.'",
             "approved as 'At home nobody speaks […].'", "excluded; our display text kept")]
        assert passage.display_text == "[…] nobody speaks about such things."
        assert report.added["quote decisions"] == 0 and report.added["codings"] == 1
    with Project.open(ben_path) as ben:
        report = merge_project(ben, ana_path)
        assert report.added["quote decisions"] == 1
        [passage] = ben.query()
        assert (passage.quote_status, passage.display_text) == ("excluded", "At home nobody speaks […].")


def test_display_text_alone_comes_in_and_counts_once(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    phrase = "At home nobody speaks about such things."
    with Project.open(ana_path) as ana:
        start = ana.source_text(1).index(phrase)
        ana.code(1, start, start + len(phrase), ["Culture of silence"], "ana")
    with Project.open(ben_path) as ben:
        ben.code(1, start, start + len(phrase), ["Culture of silence"], "ana")
        ben.set_display_text(ben.find_excerpt(1, start, start + len(phrase)), "[…] nobody speaks.",
                             by="excerpt")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added == {"participants": 0, "sources": 0, "themes": 0, "codings": 0,
                                "memos": 0, "quote decisions": 1, "attributes": 0, "definitions": 0}
        assert report.changed and report.conflicts == []
        [passage] = ana.query()
        assert (passage.quote_status, passage.display_text) == ("candidate", "[…] nobody speaks.")


# -- the call itself -----------------------------------------------------------------------
def test_progress_is_entered_with_every_step_and_reaches_it(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.add_source("VoS-AL-03", "VoS-AL-03", transcript([("Participant", "Only this.")]))
    seen: list[tuple[str, int]] = []

    @contextmanager
    def bar(total):
        seen.append(("total", total))
        yield lambda n=1: seen.append(("advance", n))

    with Project.open(ana_path) as ana:
        merge_project(ana, ben_path, progress=bar)
    assert seen[0] == ("total", 3 + 5)
    assert sum(n for what, n in seen[1:]) == 8 and all(what == "advance" for what, _ in seen[1:])
    assert [n for _, n in seen[1:]] == [1] * 8


def test_report_and_audit_entry(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        code_turn(ben, 1, 1, "Culture of silence", "ben")
        ben.set_attributes("VoS-AL-01", {"age": "19"})
    with Project.open(ana_path) as ana:
        ana.set_attributes("VoS-AL-01", {"age": "17"})
        dry = merge_project(ana, ben_path, dry_run=True, actor="lead")
        assert dry.dry_run and dry.other == "ben.db" and dry.changed
        report = merge_project(ana, ben_path, actor="lead")
        assert not report.dry_run
        [entry] = ana.audit_log("team.merge")
        assert entry.actor == "lead"
        assert entry.details == {"file": "ben.db", "participants": 0, "sources": 0, "themes": 0,
                                 "codings": 1, "memos": 0, "quote_decisions": 0, "attributes": 0,
                                 "definitions": 0, "conflicts": 1}
    assert report.conflicts[0].as_dict() == {
        "kind": "participant attribute", "subject": "VoS-AL-01 age", "ours": "17", "theirs": "19",
        "resolution": "ours kept"}
    assert MergeReport("x.db").added == dict.fromkeys(
        ("participants", "sources", "themes", "codings", "memos", "quote decisions", "attributes",
         "definitions"), 0)
    assert not MergeReport("x.db").changed and not MergeReport("x.db").dry_run
    assert MergeConflict("k", "s", "o", "t", "r").as_dict()["theirs"] == "t"


def test_refusals_name_the_file_and_what_to_give(base_path, tmp_path):
    link = tmp_path / "same-file.db"
    os.link(base_path, link)
    with Project.open(base_path) as p:
        missing = tmp_path / "missing.db"
        with pytest.raises(ProjectError) as e:
            merge_project(p, missing)
        assert str(e.value) == f"no project at {missing}; give the other coder's .db file"
        with pytest.raises(ProjectError) as e:
            merge_project(p, link)  # a hard link: another name, the same file
        assert str(e.value) == f"{link} is this project itself; give another coder's copy"
        with pytest.raises(ProjectError, match="is this project itself"):
            merge_project(p, str(Path(base_path.parent, ".", base_path.name)))


def test_rules_text_names_every_rule():
    for words in ("ours are kept", "excluded", "withdrawn in either file", "only adds"):
        assert words in RULES


def test_an_attribute_or_a_definition_alone_is_a_change_the_report_shows(base_path):
    """Once a merge that brought in only an attribute said "nothing new to merge"."""
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.set_attributes("VoS-AL-02", {"town_type": "rural", "age": "19"})
        ben.describe_theme("Support services", inclusion="Any service, paid or free.")
        ben.describe_theme("Stigma and shame", inclusion="Talk about shame.", exclusion="Fear alone.")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.changed and report.conflicts == []
        assert (report.added["attributes"], report.added["definitions"]) == (2, 3)
        assert sum(report.added.values()) == 5
        assert ana.participant("VoS-AL-02").attributes == {"town_type": ["rural"], "age": ["19"]}
        assert not merge_project(ana, ben_path).changed


def test_a_transcript_the_other_file_holds_twice_comes_in_once(tmp_path, base_path):
    """The other coder stored one text under two participants (--allow-duplicate):
    the merge once stopped with "import it with --allow-duplicate"; now the
    second is left out by the rule for the same text under another participant."""
    ben_path = tmp_path / "ben.db"
    said = transcript([("Interviewer", "And then?"), ("Participant", "Then I stopped answering him.")])
    with Project.create(ben_path) as ben:
        ben.add_source("VoS-AL-11", "Eleven", said)
        ben.add_source("VoS-AL-12", "Twelve", said, allow_duplicate=True)
    with Project.open(base_path) as ana:
        report = merge_project(ana, ben_path)
        assert conflicts(report) == [
            ("same text, other participant", "Twelve", "VoS-AL-11", "VoS-AL-12", "left out")]
        assert report.added["sources"] == 1
        assert [s.title for s in ana.sources() if s.participant.startswith("VoS-AL-1")] == ["Eleven"]


def test_what_a_new_source_theme_and_memo_carry_comes_with_them(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:  # so that theme ids differ between the files
        ana.add_theme("Waiting lists")
    with Project.open(ben_path) as ben:
        ben.add_source("VoS-AL-03", "VoS-AL-03", transcript([("Participant", "Only this.")]),
                       origin="interviews/al-03.docx")
        theme = ben.add_theme("Peer support", "Support services", colour="#aa3355",
                              exclusion="Paid counsellors.", inclusion="A friend who listens.")
        with ben.transaction():
            ben.interchange_memo("theme", theme.id, "Seen in three interviews.", "ben",
                                 "2026-10-01T09:30:00+00:00")
            ben.interchange_memo("source", ben.source("VoS-AL-03").id, "Short call.", "ben")
            ben.interchange_memo("participant", ben.participant("VoS-AL-03").id, "Via the helpline.", "ben")
    with Project.open(ana_path) as ana:
        merge_project(ana, ben_path)
        assert ana.source("VoS-AL-03").origin == "interviews/al-03.docx"
        new = ana.theme("Support services/Peer support")
        assert (new.colour, new.inclusion, new.exclusion, new.uuid) == (
            theme.colour, "A friend who listens.", "Paid counsellors.", theme.uuid)
        [memo] = [m for m in ana.all_memos() if m.target_kind == "theme"]
        assert new.id != theme.id
        assert (memo.target_id, memo.author, memo.created_at) == (
            new.id, "ben", "2026-10-01T09:30:00+00:00")
        assert {(m.target_kind, m.target_id, m.text) for m in ana.all_memos()} >= {
            ("source", ana.source("VoS-AL-03").id, "Short call."),
            ("participant", ana.participant("VoS-AL-03").id, "Via the helpline.")}


def test_quote_decisions_land_on_the_excerpt_not_on_the_quote_of_that_number(base_path):
    """Here quote numbers and excerpt ids differ (numbers start at 40)."""
    ana_path, ben_path = copies(base_path, "ana", "ben")
    phrase = "At home nobody speaks about such things."
    with Project.open(ana_path) as ana:
        with ana.transaction():
            ana.set_setting("next_quote_number", "40")
        code_turn(ana, 2, 1, "Culture of silence", "ana")
        code_turn(ana, 2, 3, "Culture of silence", "ana")
        start = ana.source_text(1).index(phrase)
        ana.code(1, start, start + len(phrase), ["Culture of silence"], "ana")
        eid = ana.find_excerpt(1, start, start + len(phrase))
        ana.set_quote_status(eid, "approved", by="excerpt")
    with Project.open(ben_path) as ben:
        ben.code(1, start, start + len(phrase), ["Culture of silence"], "ben")
        other = ben.find_excerpt(1, start, start + len(phrase))
        ben.set_quote_status(other, "excluded", by="excerpt")
        ben.set_display_text(other, "[…] nobody speaks […].", by="excerpt")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert ana.quote(eid, by="excerpt").quote_id == "Q-042"
        assert conflicts(report) == [("quote decision", "Q-042", "approved",
                                      "excluded as '[…] nobody speaks […].'", "excluded")]
        shown = {p.quote_id: (p.quote_status, p.display_text) for p in ana.query()}
        assert shown == {"Q-040": ("candidate", None), "Q-041": ("candidate", None),
                         "Q-042": ("excluded", "[…] nobody speaks […].")}


def test_a_participant_withdrawn_in_the_other_file_and_new_here_is_not_brought_in(base_path):
    """Withdrawn there, unknown here: no conflict to report, and the sources
    after theirs in the other file still come in."""
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.add_source("VoS-AL-03", "VoS-AL-03", transcript([("Participant", "Please leave me out.")]))
        ben.withdraw("VoS-AL-03")
        later = ben.add_source("VoS-AL-04", "VoS-AL-04", transcript([("Participant", "I am happy to help.")]))
        ben.code(later.id, 13, 32, ["Culture of silence"], "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.conflicts == []
        assert (report.added["participants"], report.added["sources"], report.added["codings"]) == (1, 1, 1)
        assert [x.pid for x in ana.participants(include_withdrawn=True)] == [
            "VoS-AL-01", "VoS-AL-02", "VoS-AL-04"]
        [passage] = ana.query(coder="ben")
        assert passage.text == "I am happy to help."


def test_two_of_their_themes_that_land_on_one_of_ours_bring_their_sub_themes_once(base_path):
    """Ben renamed Support services to Help (same uuid) and made a new Support
    services: both are ours here, and a sub-theme both hold comes in once."""
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.rename_theme("Support services", "Help")
        ben.add_theme("Support services")
        ben.add_theme("Peer support", "Help")
        ben.add_theme("Peer support", "Support services", description="Friends who help.")
        code_turn(ben, 1, 3, "Support services/Peer support", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert [c[0] for c in conflicts(report)] == ["theme renamed or moved"]
        assert report.added["themes"] == 1 and report.added["definitions"] == 1
        assert ana.theme("Support services/Peer support").description == "Friends who help."
        [passage] = ana.query(coder="ben")
        assert passage.themes == ("Support services/Peer support",)
