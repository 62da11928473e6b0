"""Merge rules for themes and quote decisions, and the call itself (progress,
report, refusals), by example, with the conflict the lead reads word for
word. Real project files in tmp_path; fictional, non-graphic text."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.team.conftest import conflicts, transcript
from tests.team.test_merge import code_turn, copies
from vos_coder.errors import ProjectError
from vos_coder.store import Project
from vos_coder.team import merge_project, resolve_quote
from vos_coder.team.merge import RULES, MergeConflict, MergeReport


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
