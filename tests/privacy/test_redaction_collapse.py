"""A redaction or a correction that makes excerpts one, or leaves an excerpt
no words of its own; dismissing a hit; correcting a transcript's text."""

from __future__ import annotations

import pytest

from vos_coder.core.model import ParsedSource
from vos_coder.errors import Conflict, InvalidInput
from vos_coder.store import Project
from vos_coder.store.actor import default_actor

TEXT = "Participant: We met Orla Brennick at home, then the school called.\n"


@pytest.fixture
def p(tmp_path):
    project = Project.create(tmp_path / "r.db", codebook="empty")
    for theme in ("Family", "School"):
        project.add_theme(theme)
    yield project
    project.close()


def _source(p) -> int:
    return p.add_source("VoS-AL-21", "interview", ParsedSource(TEXT, ())).id


def _coded(p, sid):
    """(start, end, themes) of each excerpt, in order."""
    return [(e.start, e.end, sorted(p.q1("SELECT name FROM themes WHERE id = ?", [c.theme_id])
                                    for c in codings)) for e, codings in p.excerpts(sid)]


def test_excerpts_a_redaction_makes_one_keep_every_theme_and_memo_once(p):
    sid = _source(p)
    at = TEXT.index("Orla")
    p.code(sid, at, at + 4, ["Family"], "ana")               # Orla
    p.code(sid, at, at + 13, ["Family", "School"], "ana")     # Orla Brennick
    p.code(sid, at + 5, at + 13, ["School"], "ben")           # Brennick
    first, second, third = (r["id"] for r in p.q("SELECT id FROM excerpts ORDER BY id"))
    p.add_memo("excerpt", second, "on the whole name", "ana")
    p.add_memo("excerpt", third, "on the surname", "ben")
    p.edit_source_text(sid, [(at, at + 13, "[NAME-1]")])
    assert [r["id"] for r in p.q("SELECT id FROM excerpts")] == [first]
    assert _coded(p, sid) == [(at, at + 8, ["Family", "School", "School"])]
    coders = sorted((c.coder, p.q1("SELECT name FROM themes WHERE id = ?", [c.theme_id]))
                    for _, codings in p.excerpts(sid) for c in codings)
    assert coders == [("ana", "Family"), ("ana", "School"), ("ben", "School")]
    assert sorted((m.target_kind, m.target_id, m.text) for m in p.all_memos()) == [
        ("excerpt", first, "on the surname"), ("excerpt", first, "on the whole name")]
    assert p.q1("SELECT count(*) FROM codings") == 3  # ana's Family twice became once


def test_an_excerpt_whose_words_are_deleted_keeps_its_coding_on_one_character(p):
    """...and the edit says so, by quote number and place, in what it returns
    and in the audit log, so the researcher can review it."""
    sid = _source(p)
    at = TEXT.index(" then the school called")
    p.code(sid, TEXT.index("We met"), TEXT.index(" at home"), ["Family"], "ana")  # Q-001, kept
    p.code(sid, at + 1, at + len(" then the school called"), ["School"], "ana")
    counts = p.replace_source_text(sid, TEXT.replace(", then the school called", ""))
    new = p.source_text(sid)
    assert new == "Participant: We met Orla Brennick at home.\n"
    kept, (start, end, themes) = _coded(p, sid)
    assert (start, end, themes) == (new.index("."), new.index(".") + 1, ["School"])
    assert kept == (new.index("We met"), new.index(" at home"), ["Family"])
    assert counts["emptied"] == [["Q-002", start, end]]
    assert p.audit_log("source.edit")[-1].details["emptied"] == [["Q-002", start, end]]


def test_every_excerpt_a_correction_empties_is_named_in_quote_order(p):
    sid = _source(p)
    p.code(sid, TEXT.index("We met"), TEXT.index(" at home"), ["Family"], "ana")
    then = TEXT.index("then the school")
    p.code(sid, then, then + len("then the school called"), ["School"], "ana")
    home = TEXT.index("at home")
    p.code(sid, home, home + len("at home"), ["Family"], "ben")
    counts = p.replace_source_text(sid, TEXT.replace(" at home, then the school called", ""))
    dot = p.source_text(sid).index(".")
    assert counts["emptied"] == [["Q-002", dot, dot + 1], ["Q-003", dot, dot + 1]]
    assert _coded(p, sid)[1] == (dot, dot + 1, ["Family", "School"])  # both now on the "."


def test_a_correction_is_audited_as_one(p):
    sid = _source(p)
    p.replace_source_text(sid, TEXT.replace("home", "the centre"))
    assert [e.action for e in p.audit_log("source.edit")] == ["source.edit"]


@pytest.mark.parametrize(("new", "error", "message"), [
    ("  \n", InvalidInput, "the new text is empty; nothing was changed"),
    (TEXT, Conflict, "the new text is the same as the stored one; nothing to change"),
])
def test_a_correction_that_changes_nothing_says_so(p, new, error, message):
    sid = _source(p)
    with pytest.raises(error) as caught:
        p.replace_source_text(sid, new)
    assert caught.value.message == message
    assert p.source_text(sid) == TEXT


@pytest.mark.parametrize("given", ["", "   ", "3f2a-9c", "3f2aX9c", "zz"])
def test_a_hit_id_that_is_not_one_is_refused(p, given):
    with pytest.raises(InvalidInput) as caught:
        p.dismiss_hit(given)
    assert caught.value.message.endswith("is not a hit id; copy one from: vos-coder check")
    assert p.dismissed_fingerprints() == set()


def test_a_dismissal_records_who_dismissed_it_in_both_places(p):
    assert p.dismiss_hit(" 3F2A9C ") is True
    assert p.dismiss_hit("3f2a9c", "ana") is False  # already dismissed: nothing new
    assert p.dismiss_hit("77aa", "ana") is True
    rows = p.q("SELECT fingerprint, actor FROM disclosure_dismissed ORDER BY id")
    assert [(r["fingerprint"], r["actor"]) for r in rows] == [("3f2a9c", default_actor()),
                                                             ("77aa", "ana")]
    assert [(e.actor, e.details) for e in p.audit_log("check.dismiss")] == [
        (default_actor(), {"hit": "3f2a9c"}), ("ana", {"hit": "77aa"})]
