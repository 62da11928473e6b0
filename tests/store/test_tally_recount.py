"""The per-theme counts kept in each change's transaction (store/tally.py)
equal a recount from the raw tables, after any sequence of the changes that
touch codings: coding, bulk coding, search-hit coding, uncoding, undo, redo,
a team merge, theme merge, delete and move, withdrawal, purge and a .qdpx
import. Real project files: a copy of the demo per example."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.core.model import INTERVIEWER
from vos_coder.errors import VosError
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3


def recount(p: Project) -> list[tuple[int, int, str | None, int]]:
    """(participant, theme, coder or None for all, distinct excerpts coded
    with the theme or a sub-theme; not those the interviewer spoke), in plain
    Python from the raw tables."""
    parent = {r["id"]: r["parent_id"] for r in p.q("SELECT id, parent_id FROM themes")}

    def up(tid):
        while tid is not None:
            yield tid
            tid = parent[tid]

    owner = {r["id"]: r["participant_id"] for r in p.q(
        "SELECT e.id, s.participant_id FROM excerpts e JOIN sources s ON s.id = e.source_id")}
    asking = defaultdict(list)  # source -> the interviewer's turns
    for t in p.q('SELECT source_id, start, "end" FROM turns WHERE speaker = ?', [INTERVIEWER]):
        asking[t["source_id"]].append((t["start"], t["end"]))
    spoken = {r["id"] for r in p.q("SELECT id, source_id, start FROM excerpts")
              if any(a <= r["start"] < b for a, b in asking[r["source_id"]])}
    seen: dict[tuple, set[int]] = defaultdict(set)
    for r in p.q("SELECT excerpt_id, theme_id, coder FROM codings"):
        if r["excerpt_id"] in spoken:  # the interviewer's words: never counted for her
            continue
        for anc in up(r["theme_id"]):
            for coder in (r["coder"], None):
                seen[(owner[r["excerpt_id"]], anc, coder)].add(r["excerpt_id"])
    return sorted(((*k, len(v)) for k, v in seen.items()),
                  key=lambda r: (r[0], r[1], r[2] is not None, r[2] or ""))


def assert_counts_right(p: Project) -> None:
    assert p.tally_settled()
    assert p.tally_rows() == recount(p)
    themes = p.themes()
    for group, coder in [(None, None), ("survivor", None), (None, "ben")]:
        scope, params = p._scope(group, None)
        total = p.participants_in_scope(group, None)
        slow = p._theme_stats_recounted(themes, scope, params, total, coder)
        assert p.theme_stats(group, None, coder) == slow


@pytest.fixture(scope="module")
def colleague(_demo_template, tmp_path_factory) -> tuple[Path, Path]:
    """Ben's copy of the demo, with codings of his own; and the demo as a .qdpx."""
    from vos_coder.refi import export_qdpx

    base = tmp_path_factory.mktemp("tally")
    ben = base / "ben.db"
    shutil.copy(_demo_template, ben)
    with Project.open(ben) as p:
        rows = []
        themes = [t.id for t in p.themes()]
        for i, s in enumerate(p.sources()):
            for j, t in enumerate(p.turns(s.id)[1:6]):
                if t.end - t.start > 20:
                    rows.append((s.id, t.start, t.end, themes[(i * 7 + j) % len(themes)], "ben"))
        p.code_many(rows)
        export_qdpx(p, base / "demo.qdpx")
    return ben, base / "demo.qdpx"


OPS = st.sampled_from(["code", "code_many", "code_spans", "uncode", "undo", "redo", "merge",
                       "merge_theme", "delete_theme", "move_theme", "withdraw", "purge", "qdpx"])
STEP = st.tuples(OPS, st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["ana", "ben"]))


def apply(p: Project, op: str, a: int, b: int, coder: str, colleague: tuple[Path, Path]) -> None:
    themes = p.themes()
    sources = p.sources()
    turns = [(s.id, t) for s in sources[:4] for t in p.turns(s.id)[:8] if t.end - t.start > 12]
    pick = turns[a % len(turns)] if turns else None
    if op in ("code", "code_spans", "code_many") and pick:
        sid, t = pick
        start = t.start + b % 4
        end = t.end - (a % 3)
        chosen = [themes[a % len(themes)].id, themes[b % len(themes)].id]
        if op == "code":
            p.code(sid, start, end, chosen, coder)
        elif op == "code_spans":
            p.code_spans([(sid, start, end), (sid, t.start, t.end)], chosen[:1], coder)
        else:
            p.code_many([(sid, start, end, chosen[0], coder), (sid, t.start, t.end, chosen[1], coder)])
    elif op == "uncode":
        ids = [r["id"] for r in p.q("SELECT id FROM codings ORDER BY id")]
        if ids:
            p.uncode([ids[a % len(ids)], ids[b % len(ids)]] if a % 2 else [ids[a % len(ids)]], coder)
    elif op == "undo":
        p.undo(coder)
    elif op == "redo":
        p.redo(coder)
    elif op == "merge":
        from vos_coder.team import merge_project

        merge_project(p, colleague[0])
    elif op == "merge_theme" and len(themes) > 2:
        p.merge_theme(themes[a % len(themes)].id, themes[b % len(themes)].id)
    elif op == "delete_theme" and len(themes) > 2:
        p.delete_theme(themes[a % len(themes)].id, force=True)
    elif op == "move_theme":
        p.move_theme(themes[a % len(themes)].id, themes[b % len(themes)].id if b % 3 else None)
    elif op in ("withdraw", "purge"):
        people = [x.pid for x in p.participants() if x.consent == "active"]
        if people:
            (p.withdraw if op == "withdraw" else p.purge)(people[a % len(people)])
    elif op == "qdpx":
        from vos_coder.refi import import_qdpx

        import_qdpx(p, colleague[1], skip_invalid=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_maintained_counts_equal_a_recount(_demo_template, colleague, tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("example") / "demo.db"
    shutil.copy(_demo_template, path)
    shutil.copy(_demo_template.with_suffix(".key"), path.with_suffix(".key"))
    with Project.open(path) as p:
        assert_counts_right(p)
        for op, a, b, coder in steps:
            try:
                apply(p, op, a, b, coder, colleague)
            except VosError:
                # A refused change (a span over a boundary, a name taken) is
                # rolled back.
                pass
            assert_counts_right(p)
        assert p.excerpt_text_problems() == []  # every path wrote its passages' checksums


def test_a_write_outside_the_service_is_counted_from_the_raw_tables(demo_path):
    """A coding deleted by another tool (no settle) marks its participant: the
    figures come from the raw tables until the next change settles them."""
    with Project.open(demo_path) as p:
        before = {s.theme.id: s.excerpts for s in p.theme_stats()}
    conn = sqlite3.connect(demo_path)
    theme, = conn.execute("SELECT theme_id FROM codings ORDER BY id LIMIT 1").fetchone()
    conn.execute("DELETE FROM codings WHERE id = (SELECT min(id) FROM codings)")
    conn.commit()
    conn.close()
    with Project.open(demo_path) as p:
        assert not p.tally_settled()
        after = {s.theme.id: s.excerpts for s in p.theme_stats()}
        assert after[theme] == before[theme] - 1
        p.add_theme("Something new")  # any change settles
        assert_counts_right(p)


def test_recount_repairs_counts_that_drifted(demo_path):
    with Project.open(demo_path) as p:
        assert p.recount_tally() == 0
        p.db.execute("UPDATE theme_tally SET excerpts = excerpts + 1 WHERE rowid IN "
                     "(SELECT rowid FROM theme_tally LIMIT 3)")
        assert p.recount_tally() == 6  # three wrong rows out, three right ones in
        assert_counts_right(p)


def test_doctor_reports_and_repairs_drifted_counts(demo_path):
    from tests.cli.conftest import Cli

    cli = Cli(demo_path)
    assert cli("doctor").output.splitlines() == ["integrity: ok", "theme counts: ok",
                                                 "excerpt texts: ok"]
    stats = cli("stats", "--format", "json").output
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE theme_tally SET excerpts = excerpts + 5 "
                 "WHERE rowid = (SELECT min(rowid) FROM theme_tally WHERE coder IS NULL)")
    conn.commit()
    conn.close()
    assert cli("stats", "--format", "json").output != stats  # drift shows until repaired
    out = cli("doctor").output
    assert "theme counts: 2 row(s) had drifted; recounted from the codings" in out
    assert cli("stats", "--format", "json").output == stats


def test_a_turn_given_to_the_interviewer_takes_its_passages_out_of_the_counts(demo_path):
    """The counts leave out the interviewer's passages, so a change to the
    turns of a coded source (here another tool relabels a participant's
    turn) marks its participant, and the figures follow."""
    with Project.open(demo_path) as p:
        source, n, theme = p.db.execute(
            "SELECT tu.source_id, tu.n, c.theme_id FROM turns tu JOIN excerpts e "
            'ON e.source_id = tu.source_id AND tu.start <= e.start AND e.start < tu."end" '
            "JOIN codings c ON c.excerpt_id = e.id WHERE tu.speaker != ? "
            "ORDER BY tu.source_id, tu.n LIMIT 1", [INTERVIEWER]).fetchone()
        before = {s.theme.id: s.excerpts for s in p.theme_stats()}
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE turns SET speaker = ? WHERE source_id = ? AND n = ?", [INTERVIEWER, source, n])
    conn.commit()
    conn.close()
    with Project.open(demo_path) as p:
        assert not p.tally_settled()
        assert {s.theme.id: s.excerpts for s in p.theme_stats()}[theme] < before[theme]
        p.add_theme("Something new")  # any change settles
        assert_counts_right(p)
        assert {s.theme.id: s.excerpts for s in p.theme_stats()}[theme] < before[theme]
