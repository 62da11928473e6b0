"""Merging coders' copies of a project: real project files in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vos_coder.core.model import ParsedSource
from vos_coder.core.passages import body_start
from vos_coder.errors import ProjectError, VosError
from vos_coder.store import Project
from vos_coder.store.engine import iterdump
from vos_coder.store.engine import sqlite as sqlite3
from vos_coder.team import merge_project, resolve_quote


def copies(base: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        path = base.parent / f"{name}.db"
        shutil.copy(base, path)
        out.append(path)
    return out


def codings(path: Path) -> list[tuple]:
    """(source title, start, end, theme uuid, coder) of every coding."""
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(
            'SELECT s.title, e.start, e."end", t.uuid, c.coder FROM codings c '
            "JOIN excerpts e ON e.id = c.excerpt_id JOIN sources s ON s.id = e.source_id "
            "JOIN themes t ON t.id = c.theme_id").fetchall())
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    """Everything but the audit log (a merge records every attempt)."""
    conn = sqlite3.connect(path)
    try:
        return [line for line in iterdump(conn) if "audit_log" not in line]
    finally:
        conn.close()


def code_turn(p: Project, source_id: int, turn: int, theme: str, coder: str,
              trim: int = 0) -> tuple[int, int]:
    """Code the words of a turn (after its speaker label), less ``trim`` characters at the end."""
    t = p.turns(source_id)[turn]
    start = body_start(p.source_text(source_id), t)
    p.code(source_id, start, t.end - trim, [theme], coder)
    return start, t.end - trim


# -- the done-when: two coders' copies of the demo ---------------------------------------
def test_two_demo_copies_merge_with_both_coders_and_no_duplicates(demo_path):
    ana_path, ben_path = copies(demo_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        src = next(s for s in ana.sources() if len(ana.turns(s.id)) >= 6)
        code_turn(ana, src.id, 1, "Culture of silence", "ana")
        code_turn(ana, src.id, 3, "Stigma of seeking help", "ana")
    with Project.open(ben_path) as ben:
        code_turn(ben, src.id, 1, "Culture of silence", "ben", trim=5)
        code_turn(ben, src.id, 5, "Availability by location", "ben")
    ana_before, ben_before = codings(ana_path), codings(ben_path)
    theirs_only = set(ben_before) - set(ana_before)
    assert {c[4] for c in theirs_only} == {"ben"} and len(theirs_only) == 2

    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["codings"] == 2
        assert report.added["sources"] == report.added["participants"] == 0
        assert report.conflicts == []
        coders = {r["coder"] for r in ana.coders()}
        assert {"ana", "ben"} <= coders
    merged = codings(ana_path)
    assert set(merged) == set(ana_before) | set(ben_before)
    assert len(merged) == len(set(merged))

    snapshot = dump(ana_path)
    with Project.open(ana_path) as ana:
        again = merge_project(ana, ben_path)
        assert not again.changed
        assert len(ana.audit_log("team.merge")) == 2
    assert dump(ana_path) == snapshot


# -- what comes in -----------------------------------------------------------------------
def test_new_participant_source_theme_memo_and_quote_come_in(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        text = "Interviewer: Where did you find help?\n\nParticipant: At a youth centre near the market.\n"
        from vos_coder.core.model import Turn
        src = ben.add_source("VoS-AL-03", "VoS-AL-03", ParsedSource(
            text, (Turn(1, "Interviewer", 0, 37), Turn(2, "Participant", 39, len(text) - 1))))
        ben.set_attributes("VoS-AL-03", {"town_type": "rural"})
        peer = ben.add_theme("Peer support", "Support services", description="Friends who help.")
        start = text.index("At a youth")
        ben.code(src.id, start, start + 20, [peer.path], "ben")
        eid = ben.find_excerpt(src.id, start, start + 20)
        ben.set_quote_status(eid, "approved", by="excerpt")
        with ben.transaction():
            ben.interchange_memo("theme", peer.id, "Ask the team whether this is support.", "ben")
            ben.interchange_memo("project", None, "Second round of coding done.", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added == {"participants": 1, "sources": 1, "themes": 1, "codings": 1,
                                "memos": 2, "quote decisions": 1, "attributes": 1, "definitions": 0}
        new = ana.source("VoS-AL-03")
        assert ana.source_text(new.id) == text
        assert [t.speaker for t in ana.turns(new.id)] == ["Interviewer", "Participant"]
        assert ana.participant("VoS-AL-03").attributes == {"town_type": ["rural"]}
        theme = ana.theme("Support services/Peer support")
        assert theme.uuid == peer.uuid and theme.description == "Friends who help."
        [passage] = ana.query([theme.path], coder="ben")
        assert passage.text == "At a youth centre ne" and passage.quote_status == "approved"
        memos = {(m.target_kind, m.text) for m in ana.all_memos()}
        assert ("theme", "Ask the team whether this is support.") in memos
        entry = ana.audit_log("team.merge")[-1]
        assert entry.details["file"] == "ben.db" and entry.details["codings"] == 1


def test_dry_run_changes_nothing(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        code_turn(ben, 1, 1, "Culture of silence", "ben")
        ben.add_theme("Peer support", "Support services")
    before = dump(ana_path)
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path, dry_run=True)
        assert report.added["codings"] == 1 and report.added["themes"] == 1
        assert ana.audit_log("team.merge") == []
    assert dump(ana_path) == before


def test_merge_is_one_transaction(base_path, monkeypatch):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        ben.add_theme("Peer support", "Support services")
        code_turn(ben, 1, 1, "Culture of silence", "ben")
    before = dump(ana_path)

    def broken(self, rows):
        raise VosError("disk trouble while adding codings")

    monkeypatch.setattr(Project, "code_many", broken)
    with Project.open(ana_path) as ana, pytest.raises(VosError, match="disk trouble"):
        merge_project(ana, ben_path)
    assert dump(ana_path) == before  # the theme added before the failure is gone too


# -- conflicts ---------------------------------------------------------------------------
def test_theme_renamed_differently_keeps_ours_and_reports(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        ana.rename_theme("Culture of silence", "Silence at home")
    with Project.open(ben_path) as ben:
        ben.rename_theme("Culture of silence", "Keeping quiet")
        code_turn(ben, 1, 3, "Keeping quiet", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        [c] = report.conflicts
        assert c.kind == "theme renamed or moved"
        assert c.ours == "Stigma and shame/Silence at home"
        assert c.theirs == "Stigma and shame/Keeping quiet" and c.resolution == "ours kept"
        assert [p.themes for p in ana.query(coder="ben")] == [("Stigma and shame/Silence at home",)]
        assert not any(t.name == "Keeping quiet" for t in ana.themes())


def test_changed_source_text_reanchors_codings_and_reports(base_path, tmp_path):
    # Ben's copy holds a corrected transcript: same participant and title,
    # a sentence added at the start, so every offset moved.
    ana_path = copies(base_path, "ana")[0]
    ben_path = tmp_path / "ben.db"
    with Project.open(ana_path) as ana:
        original = ana.source_text(1)
    with Project.create(ben_path) as ben:
        fixed = "Interviewer: (Recording starts.)\n\n" + original
        ben.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource(fixed))
        sid = ben.source("VoS-AL-01").id
        for phrase, coder in (("At home nobody speaks about such things.", "ben"),
                              ("(Recording starts.)", "ben")):
            start = fixed.index(phrase)
            ben.code(sid, start, start + len(phrase), ["Culture of silence"], coder)
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        kinds = [c.kind for c in report.conflicts]
        assert kinds.count("source text changed") == 1
        assert kinds.count("passage not re-found") == 1  # "(Recording starts.)" is not in ours
        assert ana.source_text(1) == original  # ours kept
        [passage] = ana.query(coder="ben")
        assert passage.text == "At home nobody speaks about such things."
        assert original[passage.start:passage.end] == passage.text
        assert report.added["codings"] == 1 and report.added["sources"] == 0


def test_quote_approved_here_and_excluded_there_ends_excluded(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    for path, coder, status in ((ana_path, "ana", "approved"), (ben_path, "ben", "excluded")):
        with Project.open(path) as p:
            start, end = code_turn(p, 1, 3, "Culture of silence", coder)
            p.set_quote_status(p.find_excerpt(1, start, end), status, by="excerpt")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        [c] = report.conflicts
        assert (c.kind, c.ours, c.theirs, c.resolution) == ("quote decision", "approved",
                                                            "excluded", "excluded")
        [passage] = ana.query()
        assert passage.quote_status == "excluded" and passage.coders == ("ana", "ben")
        assert c.subject == passage.quote_id  # the number the lead knows, e.g. Q-001


def test_resolve_quote_rules():
    cand = {"status": "candidate", "display_text": None}
    appr = {"status": "approved", "display_text": "I told [my] aunt."}
    excl = {"status": "excluded", "display_text": None}
    assert resolve_quote(cand, appr) == ("approved", "I told [my] aunt.", None)
    assert resolve_quote(appr, cand) == ("approved", "I told [my] aunt.", None)
    assert resolve_quote(appr, excl)[0] == "excluded"
    other = {"status": "approved", "display_text": "[…] my aunt."}
    status, display, problem = resolve_quote(appr, other)
    assert (status, display) == ("approved", "I told [my] aunt.") and "display" in problem


def test_withdrawn_participant_is_never_brought_back(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana, ana.transaction():
        ana.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = 'VoS-AL-02'")
    with Project.open(ben_path) as ben:
        code_turn(ben, 2, 1, "Culture of silence", "ben")
        code_turn(ben, 1, 1, "Culture of silence", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        [c] = report.conflicts
        assert c.kind == "participant withdrawn" and c.subject == "VoS-AL-02"
        assert report.added["codings"] == 1
    assert [c[0] for c in codings(ana_path)] == ["VoS-AL-01"]


def test_attribute_that_differs_keeps_ours(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ana_path) as ana:
        ana.set_attributes("VoS-AL-01", {"town_type": "urban"})
    with Project.open(ben_path) as ben:
        ben.set_attributes("VoS-AL-01", {"town_type": "rural", "age": "19"})
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert [(c.kind, c.ours, c.theirs) for c in report.conflicts] == [
            ("participant attribute", "urban", "rural")]
        assert ana.participant("VoS-AL-01").attributes == {"town_type": ["urban"], "age": ["19"]}


# -- bad input ---------------------------------------------------------------------------
def test_bad_other_files_are_refused(base_path, tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database at all, just some notes\n" * 20)
    with Project.open(base_path) as p:
        with pytest.raises(ProjectError, match="no project"):
            merge_project(p, tmp_path / "missing.db")
        with pytest.raises(ProjectError, match="this project itself"):
            merge_project(p, base_path)
        with pytest.raises(ProjectError, match="not a vos-coder project"):
            merge_project(p, junk)


def test_display_texts_come_in_checked_against_the_source(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        text = ben.source_text(1)
        phrase = "At home nobody speaks about such things."
        start = text.index(phrase)
        ben.code(1, start, start + len(phrase), ["Culture of silence"], "ben")
        eid = ben.find_excerpt(1, start, start + len(phrase))
        ben.set_display_text(eid, "[…] nobody speaks about such things.", by="excerpt")
        phrase2 = "I could hang up whenever I wanted."
        s2 = text.index(phrase2)
        ben.code(1, s2, s2 + len(phrase2), ["Remote support by phone or online"], "ben")
        with ben.transaction():  # a display text that no longer matches its passage
            ben.db.execute("UPDATE quotes SET display_text = 'I could never hang up.' "
                           "WHERE excerpt_id = ?", [ben.find_excerpt(1, s2, s2 + len(phrase2))])
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        shown = {p.text: p.display_text for p in ana.query()}
        assert shown == {phrase: "[…] nobody speaks about such things.", phrase2: None}
        [c] = report.conflicts
        assert c.kind == "display text not faithful" and c.resolution.startswith("left out: ")
        assert (c.subject, c.ours, c.theirs) == (
            ana.quote(ana.find_excerpt(1, s2, s2 + len(phrase2)), by="excerpt").quote_id, "-",
            "I could never hang up.")
        assert len(c.resolution) > len("left out: ")
        assert report.added["quote decisions"] == 1
        details = json.dumps(ana.audit_log("team.merge")[-1].details)
        assert "nobody speaks" not in details and "hang up" not in details  # no passage text


def test_excerpt_memo_follows_its_passage(base_path):
    ana_path, ben_path = copies(base_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        start, end = code_turn(ben, 2, 1, "Fear of how others respond", "ben")
        with ben.transaction():
            ben.interchange_memo("excerpt", ben.find_excerpt(2, start, end), "Blame, not anger.", "ben")
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["memos"] == 1
        [memo] = [m for m in ana.all_memos() if m.target_kind == "excerpt"]
        assert memo.target_id == ana.find_excerpt(2, start, end) and memo.author == "ben"
        assert not merge_project(ana, ben_path).changed


def test_a_merged_span_with_its_speaker_label_is_kept_exactly(demo_path):
    """The store refuses a new span over a speaker label, but a span in the
    other coder's copy (an older project, another tool's import) is their data."""
    ana_path, ben_path = copies(demo_path, "ana", "ben")
    with Project.open(ben_path) as ben:
        src = next(s for s in ben.sources() if len(ben.turns(s.id)) >= 3)
        t = ben.turns(src.id)[1]
        with pytest.raises(VosError, match="includes the speaker label"):
            ben.code(src.id, t.start, t.end, ["Culture of silence"], "ben")
        ben.interchange_excerpt(src.id, t.start, t.end)  # as an import stored it
        ben.code(src.id, t.start, t.end, ["Culture of silence"], "ben")  # not a new span
    with Project.open(ana_path) as ana:
        report = merge_project(ana, ben_path)
        assert report.added["codings"] == 1
    [(title, start, end, _uuid, coder)] = [c for c in codings(ana_path) if c[4] == "ben"]
    assert (title, start, end, coder) == (src.title, t.start, t.end, "ben")
