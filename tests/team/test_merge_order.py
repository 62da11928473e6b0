"""Merging A into B against merging B into A (hypothesis).

Two coders start from the same project file and each works on a copy:
codings, new themes with definitions, participant attributes, quote
decisions, memos, a new transcript, a withdrawal. Merging B into a copy of A
and A into a copy of B must give:

- symmetric: the same sources, the same codings (each with its coder), the
  same theme paths, the same memos, the same quote statuses (a decision beats
  no decision, excluded beats approved), the same figures (passages and
  participants per theme), the same kinds of conflict (ours and theirs
  swapped), for every participant active in both files;
- deliberately asymmetric, and exactly so: a theme definition or participant
  attribute both files hold with different values keeps ours (an empty one of
  ours is filled from theirs); a display text both hold keeps ours; a
  participant withdrawn in either file gains nothing from the other file (the
  merged file holds exactly what ours held for them).

Merging the same file again adds nothing, and each count the report gives is
the number of rows the merge added.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.team.conftest import build_team_base, transcript
from vos_coder.core.passages import body_start
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3
from vos_coder.team import merge_project

TURNS_03 = [
    ("Interviewer", "Where did you find help in the end?"),
    ("Participant", "At a youth centre near the market, on a Tuesday."),
    ("Interviewer", "Who was there?"),
    ("Participant", "A social worker who listened and did not write anything down."),
]
TEXT_03 = transcript(TURNS_03)

LEAVES = ["Stigma and shame/Culture of silence", "Stigma and shame/Fear of how others respond",
          "Support services/Remote support by phone or online",
          "Support services/Availability by location"]
NEW_THEMES = [("Peer support", "Support services"), ("Family reactions", "Stigma and shame"),
              ("Waiting lists", None)]
DEFINITIONS = ["", "Friends of the same age who help.", "Help from someone who went through it."]
ATTRIBUTES = {"town_type": ["urban", "rural"], "age": ["17", "19"],
              "contact": [["phone"], ["chat", "phone"]]}
MEMO_TEXTS = ["Ask the team about this.", "Check the wording with the lead."]
PIDS = ("VoS-AL-01", "VoS-AL-02", "VoS-AL-03")


# -- what one coder does to their copy ---------------------------------------------------
coding_st = st.tuples(st.sampled_from(PIDS), st.integers(0, 2), st.sampled_from([0, 6]),
                      st.integers(0, len(LEAVES) + len(NEW_THEMES) - 1))
work_st = st.fixed_dictionaries({
    "new_source": st.booleans(),
    "new_themes": st.lists(st.tuples(st.integers(0, len(NEW_THEMES) - 1),
                                     st.sampled_from(DEFINITIONS), st.sampled_from(DEFINITIONS)),
                           max_size=2),
    "codings": st.lists(coding_st, max_size=5),
    "attributes": st.lists(st.tuples(st.sampled_from(PIDS[:2]), st.sampled_from(sorted(ATTRIBUTES)),
                                     st.integers(0, 1)), max_size=3),
    "quotes": st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["approved", "excluded", None]),
                                 st.booleans()), max_size=3),
    "memos": st.lists(st.tuples(st.sampled_from(["project", "theme", "participant", "source",
                                                 "excerpt"]), st.sampled_from(MEMO_TEXTS)),
                      max_size=3),
    "withdraw": st.booleans(),
})


def participant_turns(p: Project, pid: str) -> list[tuple[int, int, int]]:
    """(source id, start, end) of the words of each participant turn of pid's transcript."""
    src = p.source(pid)
    text = p.source_text(src.id)
    return [(src.id, body_start(text, t), t.end) for t in p.turns(src.id) if t.speaker == "Participant"]


def do_work(path: Path, coder: str, work: dict) -> None:
    with Project.open(path) as p:
        pids = ["VoS-AL-01", "VoS-AL-02"]
        if work["new_source"]:
            p.add_source("VoS-AL-03", "VoS-AL-03", TEXT_03)
            pids.append("VoS-AL-03")
        themes = list(LEAVES)
        for n, description, inclusion in work["new_themes"]:
            name, parent = NEW_THEMES[n]
            path_ = f"{parent}/{name}" if parent else name
            if path_ not in themes:
                p.add_theme(name, parent, description=description, inclusion=inclusion)
                themes.append(path_)
        spans = []
        for pid, turn, trim, theme in work["codings"]:
            if pid not in pids:
                continue
            turns = participant_turns(p, pid)
            sid, start, end = turns[turn % len(turns)]
            p.code(sid, start, end - trim, [themes[theme % len(themes)]], coder)
            spans.append((sid, start, end - trim))
        for pid, name, n in work["attributes"]:
            p.set_attributes(pid, {name: ATTRIBUTES[name][n]})
        for n, status, display in work["quotes"]:
            if not spans:
                break
            sid, start, end = spans[n % len(spans)]
            eid = p.find_excerpt(sid, start, end)
            if status:
                p.set_quote_status(eid, status, by="excerpt")
            if display:
                words = p.source_text(sid)[start:end].split(" ", 1)
                if len(words) == 2:
                    p.set_display_text(eid, "[…] " + words[1], by="excerpt")
        with p.transaction():
            for kind, text in work["memos"]:
                if kind == "project":
                    p.interchange_memo("project", None, text, coder)
                elif kind == "theme":
                    p.interchange_memo("theme", p.theme(themes[-1]).id, text, coder)
                elif kind == "participant":
                    p.interchange_memo("participant", p.participant(pids[-1]).id, text, coder)
                elif kind == "source":
                    p.interchange_memo("source", p.source(pids[-1]).id, text, coder)
                elif spans:
                    p.interchange_memo("excerpt", p.find_excerpt(*spans[0]), text, coder)
        if work["withdraw"]:
            p.withdraw("VoS-AL-02")


# -- what a file holds, in terms both files share ----------------------------------------
def view(path: Path) -> dict:
    """Everything the comparison needs, keyed by participant identifier,
    source title, span and theme path (row ids differ between files)."""
    with Project.open(path) as p:
        paths = {t.id: t.path for t in p.themes()}
        themes = {t.path: (t.description, t.inclusion, t.exclusion) for t in p.themes()}
        people = {x.pid: x for x in p.participants(include_withdrawn=True)}
        figures = {s.theme.path: (s.excerpts, s.participants) for s in p.theme_stats()}
    conn = sqlite3.connect(path)
    try:
        def rows(sql: str) -> list[tuple]:
            return conn.execute(sql).fetchall()
        sources = rows("SELECT p.pid, s.title, s.content_hash FROM sources s "
                       "JOIN participants p ON p.id = s.participant_id")
        codings = [(pid, title, start, end, paths[theme], coder) for pid, title, start, end, theme, coder
                   in rows('SELECT p.pid, s.title, e.start, e."end", c.theme_id, c.coder FROM codings c '
                           "JOIN excerpts e ON e.id = c.excerpt_id JOIN sources s ON s.id = e.source_id "
                           "JOIN participants p ON p.id = s.participant_id")]
        quotes = {(pid, title, start, end): (status, display) for pid, title, start, end, status, display
                  in rows('SELECT p.pid, s.title, e.start, e."end", q.status, q.display_text '
                          "FROM quotes q JOIN excerpts e ON e.id = q.excerpt_id "
                          "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
                          "WHERE q.status <> 'candidate' OR q.display_text IS NOT NULL")}
        pid_of = dict(rows("SELECT id, pid FROM participants"))
        source_of = {i: (pid, title) for i, pid, title in rows(
            "SELECT s.id, p.pid, s.title FROM sources s JOIN participants p ON p.id = s.participant_id")}
        excerpt_of = {i: (pid, title, start, end) for i, pid, title, start, end in rows(
            'SELECT e.id, p.pid, s.title, e.start, e."end" FROM excerpts e '
            "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id")}
        memos = []
        for kind, target, text, author in rows("SELECT target_kind, target_id, text, author FROM memos"):
            where = {"project": lambda i: None, "theme": paths.get, "participant": pid_of.get,
                     "source": source_of.get, "excerpt": excerpt_of.get}[kind](target)
            pid = None if kind in ("project", "theme") else where if kind == "participant" else where[0]
            memos.append((pid, kind, where, text, author))
        counts = dict(zip(("participants", "sources", "themes", "codings", "memos"),
                          conn.execute("SELECT (SELECT count(*) FROM participants), "
                                       "(SELECT count(*) FROM sources), (SELECT count(*) FROM themes), "
                                       "(SELECT count(*) FROM codings), (SELECT count(*) FROM memos)"
                                       ).fetchone(), strict=True))
    finally:
        conn.close()
    return {"sources": sources, "codings": codings, "quotes": quotes, "memos": memos,
            "themes": themes, "figures": figures, "counts": counts,
            "attributes": {pid: {k: sorted(v) for k, v in x.attributes.items()} for pid, x in people.items()},
            "consent": {pid: x.consent for pid, x in people.items()}}


def only(v: dict, pids: set[str], shared: bool = True) -> dict:
    """The parts of a view that belong to these participants (and, when
    ``shared``, to nobody: project and theme memos). Memos without their
    author: one memo with the same text on the same target is kept, ours."""
    return {"sources": sorted(r for r in v["sources"] if r[0] in pids),
            "codings": sorted(r for r in v["codings"] if r[0] in pids),
            "quotes": {k: s for k, s in v["quotes"].items() if k[0] in pids},
            "memos": sorted((m[:4] for m in v["memos"] if (shared and m[0] is None) or m[0] in pids),
                             key=repr)}


def merged(ours: Path, theirs: Path, name: str):
    out = ours.with_name(name)
    shutil.copy(ours, out)
    with Project.open(out) as p:
        report = merge_project(p, theirs)
        again = merge_project(p, theirs)
    return out, report, again


def check_ours_wins(result: dict, ours: dict, theirs: dict, both_active: set[str]) -> None:
    """What is deliberately asymmetric: ours kept where both hold a value, filled where ours is empty."""
    assert set(result["themes"]) == set(ours["themes"]) | set(theirs["themes"])
    for path, fields in result["themes"].items():
        mine, other = ours["themes"].get(path), theirs["themes"].get(path)
        want = tuple(a or b for a, b in zip(mine or ("", "", ""), other or ("", "", ""), strict=True))
        assert fields == want, path
    for pid in both_active:
        assert result["attributes"].get(pid, {}) == {**theirs["attributes"].get(pid, {}), **ours["attributes"].get(pid, {})}
    for key, (status, display) in only(result, both_active)["quotes"].items():
        a, b = ours["quotes"].get(key), theirs["quotes"].get(key)
        want = (a and a[1]) or (b and b[1])
        assert display == want, key
    authors = {m[:4]: m[4] for m in theirs["memos"]} | {m[:4]: m[4] for m in ours["memos"]}
    for memo in only(result, both_active)["memos"]:
        assert any(m[:4] == memo and m[4] == authors[memo] for m in result["memos"])


# No shrinking: one example builds and merges four project files, and shrinking
# a failure took minutes (the failing example is printed as found).
@settings(phases=[Phase.explicit, Phase.reuse, Phase.generate], max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a_work=work_st, b_work=work_st)
def test_merging_a_into_b_matches_merging_b_into_a(a_work, b_work):
    with tempfile.TemporaryDirectory() as tmp:
        base = build_team_base(Path(tmp) / "base.db")
        with Project.open(base) as p:  # a coding both copies share
            sid, start, end = participant_turns(p, "VoS-AL-01")[0]
            p.code(sid, start, end, [LEAVES[0]], "lead")
        a, b = base.with_name("ana.db"), base.with_name("ben.db")
        shutil.copy(base, a)
        shutil.copy(base, b)
        do_work(a, "ana", a_work)
        do_work(b, "ben", b_work)
        va, vb = view(a), view(b)
        ab, ab_report, ab_again = merged(a, b, "ana+ben.db")
        ba, ba_report, ba_again = merged(b, a, "ben+ana.db")
        vab, vba = view(ab), view(ba)

        # Symmetric, for everyone active in both files.
        pids = set(va["consent"]) | set(vb["consent"])
        both_active = {pid for pid in pids
                       if va["consent"].get(pid, "active") == vb["consent"].get(pid, "active") == "active"}
        assert only(vab, both_active) == only(vba, both_active)
        assert set(vab["themes"]) == set(vba["themes"])
        for key, (status, _display) in only(vab, both_active)["quotes"].items():
            assert only(vba, both_active)["quotes"][key][0] == status
            statuses = {f["quotes"][key][0] for f in (va, vb) if key in f["quotes"]}
            assert status == ("excluded" if "excluded" in statuses else
                              "approved" if "approved" in statuses else "candidate")
        if both_active == pids:  # nobody withdrawn: the figures of the two files agree
            assert vab["figures"] == vba["figures"]
        assert sorted(vab["codings"]) == sorted(set(vab["codings"]))  # nothing twice
        assert set(only(vab, both_active)["codings"]) == set(
            only(va, both_active)["codings"]) | set(only(vb, both_active)["codings"])
        assert Counter(c.kind for c in ab_report.conflicts) == Counter(c.kind for c in ba_report.conflicts)
        swapped = {(c.kind, c.subject, c.theirs, c.ours) for c in ba_report.conflicts
                   if c.kind.startswith(("theme ", "participant attribute"))}
        assert {(c.kind, c.subject, c.ours, c.theirs) for c in ab_report.conflicts
                if c.kind.startswith(("theme ", "participant attribute"))} == swapped

        # Deliberately asymmetric, exactly as the rules say.
        check_ours_wins(vab, va, vb, both_active)
        check_ours_wins(vba, vb, va, both_active)
        for result, ours in ((vab, va), (vba, vb)):
            withdrawn = pids - both_active
            assert only(result, withdrawn, False) == only(ours, withdrawn, False)  # nothing of theirs came in
            assert {pid: result["consent"][pid] for pid in ours["consent"]} == ours["consent"]

        # Each count is what was added; merging again adds nothing.
        for result, ours, report, again in ((vab, va, ab_report, ab_again),
                                            (vba, vb, ba_report, ba_again)):
            for part, n in result["counts"].items():
                assert report.added[part] == n - ours["counts"][part], part
            assert report.added["quote decisions"] == sum(
                ours["quotes"].get(k) != v for k, v in result["quotes"].items())
            assert report.added["attributes"] == sum(
                name not in ours["attributes"].get(pid, {})
                for pid, names in result["attributes"].items() for name in names)
            assert report.added["definitions"] == sum(
                bool(new) and not old for path, fields in ours["themes"].items()
                for old, new in zip(fields, result["themes"][path], strict=True))
            assert report.changed == (result["counts"] != ours["counts"]
                                      or result["quotes"] != ours["quotes"]
                                      or result["attributes"] != ours["attributes"]
                                      or any(result["themes"][t] != f for t, f in ours["themes"].items()))
            assert not again.changed and again.added == dict.fromkeys(again.added, 0)
