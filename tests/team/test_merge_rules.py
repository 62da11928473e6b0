"""Merge rules for participants and transcripts, by example, with the
conflict the lead reads word for word. Real project files in tmp_path;
fictional, non-graphic text. Themes, quotes and the call itself:
test_merge_codebook.py."""

from __future__ import annotations

from tests.team.conftest import conflicts, transcript
from tests.team.test_merge import code_turn, codings, copies
from vos_coder.core.model import ParsedSource
from vos_coder.store import Project
from vos_coder.team import merge_project


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
