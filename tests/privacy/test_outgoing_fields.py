"""Each field an export can write, declared for the gate exactly: whose it is,
the ``where`` the refusal line names, the text, and the ``place`` and offset
its hit id is keyed on (a hit dismissed in ``vos-coder check`` stays
dismissed in every export only while both declare the field alike).

Built from the model's own records, as the exporters build them; the check
over a whole project is in test_check_where.py. Fictional names only."""

from __future__ import annotations

from pathlib import Path

import pytest

from vos_coder.core.model import Group, Memo, Participant, Source, Theme, Turn
from vos_coder.errors import DisclosureBlocked
from vos_coder.exporters.gate import pre_export
from vos_coder.privacy import outgoing as o
from vos_coder.privacy.disclosure import Checked, check_texts
from vos_coder.privacy.keyfile import KeyFile, default_key_path
from vos_coder.store import Project

SRC = Source(7, "VoS-AL-09", "Brisvale interview", "transcript", "h", "brisvale.vtt", "2026", 40)


def row(c: Checked) -> tuple:
    return (c.participant, c.excerpt_id, c.where, c.text, c.place, c.offset, c.speaker)


def rows(cs: list[Checked]) -> list[tuple]:
    return [row(c) for c in cs]


def theme(tid: int, name: str, path: str, **notes: str) -> Theme:
    return Theme(tid, f"u{tid}", name, None, path, path.count("/"), **notes)


def test_a_source_s_text_title_and_file_name():
    assert row(o.source_text(SRC, "Talked with Orla.")) == (
        "VoS-AL-09", None, "source 7 (VoS-AL-09) text", "Talked with Orla.", "source 7", 0, False)
    assert rows(o.source_meta(SRC)) == [
        ("VoS-AL-09", None, "source 7 title", "Brisvale interview", "source 7 title", 0, False),
        ("VoS-AL-09", None, "source 7 file name", "brisvale.vtt", "source 7 file name", 0, False)]
    assert row(o.source_title("VoS-AL-02", 3, "Corrib talk")) == (
        "VoS-AL-02", None, "source 3 title", "Corrib talk", "source 3 title", 0, False)


def test_every_labelled_turn_s_speaker_is_declared_as_a_speaker():
    turns = [Turn(1, "Interviewer", 0, 5), Turn(2, "", 6, 9), Turn(3, "Orla", 10, 20)]
    assert rows(o.speakers("VoS-AL-09", 7, turns)) == [
        ("VoS-AL-09", None, "source 7 turn 1 speaker", "Interviewer", "source 7 turn 1 speaker", 0, True),
        ("VoS-AL-09", None, "source 7 turn 3 speaker", "Orla", "source 7 turn 3 speaker", 0, True)]


def test_an_excerpt_lives_in_its_source_at_its_start():
    assert row(o.excerpt_text("VoS-AL-09", 12, 7, 30, 55, "Orla said so.")) == (
        "VoS-AL-09", 12, "excerpt 12 text (source 7 30:55)", "Orla said so.", "source 7", 30, False)
    assert row(o.excerpt_text("VoS-AL-09", 12, 7, 30, 55, "Orla said so.", "Q-004")) == (
        "VoS-AL-09", 12, "Q-004 text (source 7 30:55)", "Orla said so.", "source 7", 30, False)
    # a passage not yet stored as an excerpt (no id)
    assert row(o.excerpt_text("VoS-AL-09", None, 7, 0, 4, "Orla")) == (
        "VoS-AL-09", None, "coded passage text (source 7 0:4)", "Orla", "source 7", 0, False)


def test_a_display_text_lives_in_its_quote():
    assert row(o.display_text("VoS-AL-09", 12, "[ORLA] said so.")) == (
        "VoS-AL-09", 12, "excerpt 12 display text", "[ORLA] said so.", "quote 12 display text", 0, False)
    assert row(o.display_text("VoS-AL-09", 12, "[ORLA] said so.", "Q-004")) == (
        "VoS-AL-09", 12, "Q-004 display text", "[ORLA] said so.", "quote 12 display text", 0, False)


def test_a_memo_says_what_it_is_on_and_whose_it_is():
    m = Memo(5, "excerpt", 12, "Orla again.", "ana", "2026")
    assert row(o.memo(m, "VoS-AL-09")) == (
        "VoS-AL-09", None, "excerpt memo 5", "Orla again.", "memo 5", 0, False)
    assert row(o.memo(Memo(6, "project", None, "Orla.", "ana", "2026"))) == (
        "", None, "project memo 6", "Orla.", "memo 6", 0, False)


def test_a_theme_s_name_and_each_note_it_has():
    t = theme(4, "Orla's school", "Support/Orla's school", description="About Orla.",
              exclusion="Not Orla.")
    assert row(o.theme_name(t)) == ("", None, "theme 4 name", "Orla's school", "theme 4 name", 0, False)
    assert rows(o.theme_notes(t)) == [
        ("", None, "theme 4 description", "About Orla.", "theme 4 description", 0, False),
        ("", None, "theme 4 exclusion", "Not Orla.", "theme 4 exclusion", 0, False)]
    assert o.theme_notes(theme(5, "Plain", "Plain")) == []


def test_a_theme_path_declares_the_names_of_the_theme_and_its_ancestors():
    themes = [theme(1, "Support", "Support"), theme(2, "Orla", "Support/Orla"),
              theme(3, "Deep", "Support/Orla/Deep"), theme(4, "Other", "Other"),
              theme(5, "Apart", "Support/Apart")]
    assert [c.text for c in o.theme_paths(themes, ["Support/Orla/Deep"])] == ["Support", "Orla", "Deep"]
    assert [c.text for c in o.theme_paths(themes, ["Other", "Support/Orla", "Other"])] == [
        "Other", "Support", "Orla"]
    assert rows(o.theme_paths(themes, ["Other"])) == [
        ("", None, "theme 4 name", "Other", "theme 4 name", 0, False)]
    assert o.theme_paths(themes, ["Nowhere/Else"]) == []


def test_a_participant_s_identifier():
    assert row(o.participant_id("Orla")) == (
        "Orla", None, "participant identifier", "Orla", "participant Orla identifier", 0, False)


def test_attribute_names_are_numbered_in_order_once_each():
    assert rows(o.attribute_names(["town", "Orla", "town"])) == [
        ("", None, "attribute name #1", "Orla", "attribute Orla name", 0, False),
        ("", None, "attribute name #2", "town", "attribute town name", 0, False)]


def test_attribute_values_one_by_one_with_the_attribute_in_their_place():
    p = Participant(1, "VoS-AL-09", "survivor", {"town": ["Brisvale", "Corrib"], "age": ["17"]})
    assert rows(o.attribute_values(p)) == [
        ("VoS-AL-09", None, "attribute value of VoS-AL-09", "17", "participant VoS-AL-09 attribute age value 17", 0, False),
        ("VoS-AL-09", None, "attribute value of VoS-AL-09", "Brisvale",
         "participant VoS-AL-09 attribute town value Brisvale", 0, False),
        ("VoS-AL-09", None, "attribute value of VoS-AL-09", "Corrib",
         "participant VoS-AL-09 attribute town value Corrib", 0, False)]
    # only the attributes asked for, in the order asked, and none the participant lacks
    assert [c.text for c in o.attribute_values(p, ["town", "school"])] == ["Brisvale", "Corrib"]
    assert [c.text for c in o.attribute_values(p, ["age", "town"])] == ["17", "Brisvale", "Corrib"]


def test_attributes_of_several_people_names_then_values():
    a = Participant(1, "VoS-AL-09", "survivor", {"town": ["Brisvale"], "age": ["17"]})
    b = Participant(2, "VoS-AL-10", "survivor", {"school": ["Orla High"]})
    assert [(c.where, c.text) for c in o.attributes([a, b])] == [
        ("attribute name #1", "age"), ("attribute name #2", "school"), ("attribute name #3", "town"),
        ("attribute value of VoS-AL-09", "17"), ("attribute value of VoS-AL-09", "Brisvale"),
        ("attribute value of VoS-AL-10", "Orla High")]
    # with names, only those attributes (a table of some columns)
    assert [(c.where, c.text) for c in o.attributes(iter([a, b]), ["town"])] == [
        ("attribute name #1", "town"), ("attribute value of VoS-AL-09", "Brisvale")]


def test_a_group_s_name_and_label_and_only_the_groups_asked_for():
    g = Group("Orla's class", "anonymous", "a pupil of Orla")
    bare = Group("plain")
    assert rows(o.group(g)) == [
        ("", None, "group name", "Orla's class", "group Orla's class name", 0, False),
        ("", None, "group label", "a pupil of Orla", "group Orla's class label", 0, False)]
    assert rows(o.group(bare)) == [("", None, "group name", "plain", "group plain name", 0, False)]
    assert [c.text for c in o.groups([g, bare])] == ["Orla's class", "a pupil of Orla", "plain"]
    assert [c.text for c in o.groups([g, bare], ["plain"])] == ["plain"]
    assert o.groups([g, bare], []) == []


def test_a_coder_and_the_strings_an_export_adds_itself():
    assert row(o.coder("Orla")) == ("", None, "coder name", "Orla", "coder Orla", 0, False)
    assert rows(o.literal("Quotes about Orla", "document title")) == [
        ("", None, "document title", "Quotes about Orla", "export document title", 0, False)]
    assert o.literal("", "document title") == [] and o.literal(None, "document title") == []


def test_a_setting_is_declared_with_its_default_when_unset(tmp_path):
    p = Project.create(tmp_path / "s.db", codebook="empty")
    try:
        assert rows(o.setting(p, "report_title", "vos-coder", "report title")) == [
            ("", None, "report title", "vos-coder", "setting report_title", 0, False)]
        assert o.setting(p, "report_title", "", "report title") == []
        p.set_setting("report_title", "Orla study")
        assert rows(o.setting(p, "report_title", "", "report title")) == [
            ("", None, "report title", "Orla study", "setting report_title", 0, False)]
    finally:
        p.close()


def test_the_refusal_line_names_the_field_and_a_dismissal_in_one_export_holds_in_another(tmp_path):
    """What the user sees: the gate's refusal names each field by its
    ``where``; the id is keyed on the place, so an excerpt's hit is the
    source's hit and dismissing it once lifts it for both."""
    p = Project.create(tmp_path / "g.db", codebook="empty")
    key = KeyFile(default_key_path(Path(p.path)))
    key.add("person", "Orla")
    key.save()
    try:
        text = "We met. Orla helped."
        with pytest.raises(DisclosureBlocked) as refused:
            pre_export(p, [o.excerpt_text("VoS-AL-09", 12, 7, 8, 20, text[8:], "Q-004"),
                           o.theme_name(theme(4, "Orla", "Orla"))], what="quote export")
        line = refused.value.message
        assert "Q-004 text (source 7 8:20): 'Orla'" in line and "theme 4 name: 'Orla'" in line
        from_source = check_texts([o.source_text(SRC, text)], key)
        from_excerpt = check_texts([o.excerpt_text("VoS-AL-09", 12, 7, 8, 20, text[8:])], key)
        assert [h.fingerprint for h in from_source] == [h.fingerprint for h in from_excerpt]
        p.dismiss_hit(from_source[0].fingerprint)
        pre_export(p, [o.excerpt_text("VoS-AL-09", 12, 7, 8, 20, text[8:], "Q-004")],
                   what="quote export")  # no longer refused
    finally:
        p.close()


# -- the check over a project: whose memos, which passages --------------------------------------
MEMO_WORDS = {"Bryher": "VoS-AL-23", "Wrenna": "VoS-AL-22", "Carrow": "VoS-AL-22",
              "Delyth": "VoS-AL-22", "Oriel": "VoS-AL-21", "Pascoe": "VoS-AL-21",
              "Ysolde": "VoS-AL-21"}


@pytest.fixture
def memos_project(tmp_path):
    """Memos on participants, sources and excerpts of three people, one of
    them withdrawn; one passage coded Family, one (naming Tamsin) coded School."""
    from vos_coder.core.model import ParsedSource
    from vos_coder.privacy.keyfile import KeyFile

    p = Project.create(tmp_path / "m.db", codebook="empty")
    p.add_theme("Family")
    p.add_theme("School")
    src = {}
    for pid in ("VoS-AL-21", "VoS-AL-22", "VoS-AL-23"):
        text = f"Participant: My aunt helped me a lot at home. Later Tamsin at {pid[-2:]} school listened.\n"
        src[pid] = p.add_source(pid, f"{pid} interview", ParsedSource(text, ()))
        p.code(src[pid].id, text.index("My"), text.index(" Later"), ["Family"], "ana")
        p.code(src[pid].id, text.index("Tamsin"), len(text) - 1, ["School"], "ana")

    def first_excerpt(pid):
        return p.q1("SELECT min(id) FROM excerpts WHERE source_id = ?", [src[pid].id])

    def person(pid):
        return next(x.id for x in p.participants() if x.pid == pid)

    # in this order: another's memo and a withdrawn one's memos come before VoS-AL-21's
    p.add_memo("participant", person("VoS-AL-23"), "Bryher called.", "ana")
    p.add_memo("participant", person("VoS-AL-22"), "Wrenna called.", "ana")
    p.add_memo("source", src["VoS-AL-22"].id, "Carrow was named.", "ana")
    p.add_memo("excerpt", first_excerpt("VoS-AL-22"), "Delyth again.", "ana")
    p.add_memo("participant", person("VoS-AL-21"), "Oriel called.", "ana")
    p.add_memo("source", src["VoS-AL-21"].id, "Pascoe was named.", "ana")
    p.add_memo("excerpt", first_excerpt("VoS-AL-21"), "Ysolde again.", "ana")
    p.withdraw("VoS-AL-22")
    key = KeyFile(tmp_path / "m.key")
    for word in [*MEMO_WORDS, "Tamsin"]:
        key.add("person", word)
    yield p, key
    p.close()


def memo_rows(hits):
    return {h.matched: (h.participant, h.where, h.place) for h in hits if "memo" in h.where}


def test_every_memo_of_an_active_participant_is_checked_as_theirs_and_no_withdrawn_one(memos_project):
    from vos_coder.privacy.disclosure import check_project

    p, key = memos_project
    assert memo_rows(check_project(p, key)) == {
        "Bryher": ("VoS-AL-23", "participant memo 1", "memo 1"),
        "Oriel": ("VoS-AL-21", "participant memo 5", "memo 5"),
        "Pascoe": ("VoS-AL-21", "source memo 6", "memo 6"),
        "Ysolde": ("VoS-AL-21", "excerpt memo 7", "memo 7")}
    # one participant's check: their memos only, whatever comes before them
    assert memo_rows(check_project(p, key, participant="VoS-AL-21")) == {
        "Oriel": ("VoS-AL-21", "participant memo 5", "memo 5"),
        "Pascoe": ("VoS-AL-21", "source memo 6", "memo 6"),
        "Ysolde": ("VoS-AL-21", "excerpt memo 7", "memo 7")}
    assert memo_rows(check_project(p, key, participant="VoS-AL-23")) == {
        "Bryher": ("VoS-AL-23", "participant memo 1", "memo 1")}


def test_one_theme_s_check_leaves_out_passages_of_other_themes(memos_project):
    from vos_coder.privacy.disclosure import check_project

    p, key = memos_project
    assert check_project(p, key, theme="Family") == []
    school = check_project(p, key, theme="School")
    assert sorted((h.participant, h.matched, h.where) for h in school) == [
        ("VoS-AL-21", "Tamsin", "Q-002 text (source 1 52:81)"),
        ("VoS-AL-23", "Tamsin", "Q-006 text (source 3 52:81)")]


def test_a_memo_on_an_excerpt_a_redaction_merges_away_moves_to_the_one_kept(tmp_path):
    """Redacting a name can make two excerpts one (store/privacy.py keeps the
    first); a memo on the other moves with its codings to the one kept, so it
    stays the participant's: the check names it as theirs, a check of that
    participant reads it, and the workbench shows it on the passage."""
    from vos_coder.core.model import ParsedSource
    from vos_coder.privacy.disclosure import check_project

    p = Project.create(tmp_path / "o.db", codebook="empty")
    try:
        p.add_theme("Family")
        text = "Participant: We met Orla Brennick at home.\n"
        s = p.add_source("VoS-AL-21", "interview", ParsedSource(text, ()))
        at = text.index("Orla")
        p.code(s.id, at, at + 4, ["Family"], "ana")
        p.code(s.id, at, at + 13, ["Family"], "ana")
        first, second = (r["id"] for r in p.q("SELECT id FROM excerpts ORDER BY id"))
        p.add_memo("excerpt", second, "Ysolde said so.", "ana")
        p.edit_source_text(s.id, [(at, at + 13, "[NAME-1]")])
        assert p.q1("SELECT count(*) FROM excerpts") == 1  # the memo's excerpt is merged away
        assert [(m.target_kind, m.target_id) for m in p.all_memos()] == [("excerpt", first)]
        key = KeyFile(tmp_path / "o.key")
        key.add("person", "Ysolde")
        assert memo_rows(check_project(p, key)) == {"Ysolde": ("VoS-AL-21", "excerpt memo 1", "memo 1")}
        assert memo_rows(check_project(p, key, participant="VoS-AL-21")) == {
            "Ysolde": ("VoS-AL-21", "excerpt memo 1", "memo 1")}
    finally:
        p.close()
