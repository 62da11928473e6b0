"""How problems combine into one verdict, and the notes that keep the rest."""

from __future__ import annotations

from vos_coder.verify.draft import DraftQuote
from vos_coder.verify.verdicts import FAILING, PASSING, VERDICTS, judge, verify_quotes


def dq(text: str, ident: str | None, n: int = 1) -> DraftQuote:
    return DraftQuote(n, text, ident, "line 1", True)


def passage(p, pid: str) -> dict:
    return p.q("SELECT e.id, e.text FROM excerpts_with_text e JOIN sources s ON s.id = e.source_id "
               "JOIN participants p ON p.id = s.participant_id WHERE p.pid = ? "
               "ORDER BY length(e.text) DESC LIMIT 1", [pid])[0]


def test_verdict_names_and_order():
    assert VERDICTS[0] == "withdrawn participant" and VERDICTS[-1] == "exact"
    assert set(PASSING) | set(FAILING) == set(VERDICTS) and not set(PASSING) & set(FAILING)


def test_an_unapproved_excluded_and_approved_quote(demo_project):
    p = demo_project
    row = passage(p, "VoS-AL-02")
    [v] = verify_quotes(p, [dq(row["text"], "VoS-AL-02")], disclosure=False)[0]
    assert v.verdict == "not an approved quote" and "candidate" in v.notes[0]
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'excluded' WHERE excerpt_id = ?", [row["id"]])
    [v] = verify_quotes(p, [dq(row["text"], "VoS-AL-02")], disclosure=False)[0]
    assert v.verdict == "not an approved quote" and "was excluded" in v.notes[0]
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'approved' WHERE excerpt_id = ?", [row["id"]])
    [v] = verify_quotes(p, [dq(row["text"], "VoS-AL-02")], disclosure=False)[0]
    assert v.verdict == "exact" and v.ok and v.notes == ()
    # a quotation longer than the approved passage is not covered by it
    text = p.source_text(v.match.source.id)
    longer = text[v.match.start:v.match.end + 40].rsplit(" ", 1)[0]
    [v] = verify_quotes(p, [dq(longer, "VoS-AL-02")], disclosure=False)[0]
    assert v.verdict == "not an approved quote"


def test_the_most_serious_problem_wins_and_the_others_are_noted(demo_project):
    p = demo_project
    row = passage(p, "VoS-AL-07")
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'approved'")
        p.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = 'VoS-AL-07'")
    [v] = verify_quotes(p, [dq(row["text"], "VoS-AL-01")], disclosure=False)[0]
    assert v.verdict == "withdrawn participant"
    assert [n.split(":")[0] for n in v.notes] == ["withdrawn participant", "wrong attribution"]


def test_a_flagged_identifier_outranks_the_text_verdicts(demo_project):
    """The verdict logic given any disclosure checker."""
    p = demo_project
    row = p.q("SELECT e.text, p.pid FROM excerpts_with_text e JOIN sources s ON s.id = e.source_id "
              "JOIN participants p ON p.id = s.participant_id "
              "WHERE e.text LIKE '%street%' ORDER BY e.id LIMIT 1")[0]
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'approved'")
    [plain] = verify_quotes(p, [dq(row["text"], row["pid"])], disclosure=False)[0]
    assert plain.verdict == "exact"
    v = judge(p, plain.quote, plain.match,
              lambda q, m, excerpt: ["a street name"] if "street" in q.text else [])
    assert v.verdict == "flagged identifier" and v.notes == ("flagged identifier: a street name",)
    assert v.as_dict()["ok"] is False


def test_the_disclosure_check_flags_identifying_details(demo_project, tmp_path):
    """The real check of vos_coder.privacy.disclosure: a name from the key
    file, a phone number caught by a pattern, and a dismissed false positive."""
    from vos_coder.privacy.disclosure import fingerprint
    from vos_coder.privacy.keyfile import KeyFile

    p = demo_project
    sid = p.source("VoS-AL-01").id
    text = p.source_text(sid)
    start = text.index("The helpline put me in contact with")
    end = text.index(".", start) + 1
    p.code(sid, start, end, ["Awareness of reporting mechanisms and hotlines"], "tester")
    with p.transaction():
        p.db.execute("UPDATE quotes SET status = 'approved'")
    key = KeyFile(tmp_path / "demo.key")
    key.add("organisation", "Qendra Shpresë")
    key.save()
    named = dq(text[start:end], "VoS-AL-01", 1)
    phoned = dq("Call me on 069 123 4567 if the office is closed again.", "VoS-AL-01", 2)

    verdicts, checked = verify_quotes(p, [named, phoned], key_path=key.path)
    assert checked
    assert [v.verdict for v in verdicts] == ["flagged identifier", "flagged identifier"]
    assert "Qendra Shpresë" in verdicts[0].notes[0] and "phone" in verdicts[1].notes[0]
    assert verdicts[1].notes[1].startswith("not found")

    at = start + text[start:end].index("Qendra Shpresë")  # the hit's place: the source, its offset
    p.dismiss_hit(fingerprint(key, f"source {sid}", at, "organisation", "Qendra Shpresë"))
    verdicts, _ = verify_quotes(p, [named], key_path=key.path)
    assert verdicts[0].verdict == "exact"


def test_without_a_key_file_only_the_patterns_run(demo_project):
    [v], checked = verify_quotes(demo_project, [dq("Write to ana.k@example.com about it.", None)])
    assert checked and v.verdict == "flagged identifier" and "email" in v.notes[0]
