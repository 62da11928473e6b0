"""Memos in the store: add, list, edit, delete, search, targets, withdrawn participants."""

from __future__ import annotations

import pytest

from tests.exporters.quote_fixture import build_quote_project
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store.engine import sqlite as sqlite3


@pytest.fixture
def qp(tmp_path):
    p = build_quote_project(tmp_path / "quotes.db")
    yield p
    p.close()


def _db(p):
    conn = sqlite3.connect(p.path)
    try:
        return conn.execute("SELECT id, target_kind, target_id, text, author, created_at, updated_at "
                            "FROM memos ORDER BY id").fetchall()
    finally:
        conn.close()


def test_add_edit_delete_are_stored_and_audited_without_text(qp):
    theme = qp.theme("Fear of how others respond")
    m = qp.add_memo("theme", theme.id, "  Aunts keep secrets better than teachers  ", "amira")
    assert m.text == "Aunts keep secrets better than teachers"
    assert m.author == "amira" and m.target == f"theme {theme.path}"
    [(mid, kind, tid, text, author, created, updated)] = _db(qp)
    assert (mid, kind, tid, text, author) == (m.id, "theme", theme.id, m.text, "amira")
    assert created == updated
    edited = qp.edit_memo(m.id, "Aunts, not teachers", "blerta")
    assert edited.author == "amira"  # the author stays; the edit is audited under the editor
    assert _db(qp)[0][3] == "Aunts, not teachers"
    qp.delete_memo(m.id, "blerta")
    assert _db(qp) == []
    actions = [(a.action, a.actor) for a in qp.audit_log() if a.action.startswith("memo.")]
    assert actions == [("memo.add", "amira"), ("memo.edit", "blerta"), ("memo.delete", "blerta")]
    assert not any("Aunts" in str(a.details) for a in qp.audit_log())


def test_bad_memos_are_refused_and_nothing_is_written(qp):
    with pytest.raises(InvalidInput):
        qp.add_memo("project", None, "   ")
    with pytest.raises(InvalidInput):
        qp.add_memo("planet", 1, "text")
    with pytest.raises(NotFound):
        qp.add_memo("theme", 99999, "on nothing")
    with pytest.raises(NotFound):
        qp.edit_memo(42, "nothing to edit")
    with pytest.raises(NotFound):
        qp.delete_memo(42)
    assert _db(qp) == []


def test_targets_from_references(qp):
    assert qp.memo_target() == ("project", None)
    assert qp.memo_target(quote="Q-001") == ("excerpt", qp.quote_excerpt_id("Q-001"))
    assert qp.memo_target(participant="VoS-AL-02") == ("participant", qp.participant("VoS-AL-02").id)
    with pytest.raises(InvalidInput, match="only one"):
        qp.memo_target(theme="Fear of how others respond", participant="VoS-AL-02")


def test_listing_searching_and_memos_in_view(qp):
    eid = qp.quote_excerpt_id("Q-002")
    a = qp.add_memo("excerpt", eid, "Printing messages is a burden", "amira")
    b = qp.add_memo("participant", qp.participant("VoS-AL-01").id, "Spoke of the aunt twice", "blerta")
    c = qp.add_memo("project", None, "Ask about printing costs", "amira")
    assert [m.id for m in qp.memo_list()] == [a.id, b.id, c.id]
    assert [m.id for m in qp.memo_list(search="PRINTING")] == [a.id, c.id]
    assert [m.id for m in qp.memo_list(author="blerta")] == [b.id]
    assert [m.id for m in qp.memo_list(kind="excerpt")] == [a.id]
    in_view = qp.memos_on([("excerpt", eid), ("project", None)])
    assert [m.id for m in in_view] == [a.id, c.id]
    assert a.target.startswith("excerpt VoS-AL-01")


def test_memos_of_a_withdrawn_participant_are_never_listed(qp):
    gone = qp.participant("VoS-AL-03")
    qp.add_memo("participant", gone.id, "withdrawn memo")
    assert qp.memo_list() == []
    assert qp.memos("participant", gone.id) == []


def test_query_carries_the_memos_of_each_passage(qp):
    eid = qp.quote_excerpt_id("Q-001")
    qp.add_memo("excerpt", eid, "first note", "amira")
    qp.add_memo("excerpt", eid, "second note", "blerta")
    by_id = {x.excerpt_id: x for x in qp.query()}
    assert [m.text for m in by_id[eid].memos] == ["first note", "second note"]
    assert by_id[eid].as_dict()["memos"][1]["author"] == "blerta"
    assert all(not x.memos for k, x in by_id.items() if k != eid)
