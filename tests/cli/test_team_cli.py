"""Teams of coders through the command line: merge, agree, disagreements,
coders list, and the --coder filters of query and stats."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.conftest import Cli

SILENCE = "Stigma and shame/Culture of silence"
HELP = "Stigma and shame/Stigma of seeking help"
CONVERSATION = (
    "Interviewer: Who did you tell first?\n\n"
    "Participant: Nobody at school. In our town everyone talks, so I kept quiet.\n\n"
    "Interviewer: And later?\n\n"
    "Participant: Later a counsellor at the youth centre listened to me, and it cost nothing.\n"
)


@pytest.fixture
def team(cli, tmp_path):
    """ana's project (cli) and ben's copy of it, both with one transcript."""
    path = tmp_path / "VoS-AL-04.txt"
    path.write_text(CONVERSATION, encoding="utf-8")
    cli("import", path)
    shutil.copy(cli.db, tmp_path / "ben.db")
    ben = Cli(tmp_path / "ben.db")
    cli("code", "VoS-AL-04", "-t", "Culture of silence", "--match", "Nobody at school.", "--coder", "ana")
    cli("code", "VoS-AL-04", "-t", "Stigma of seeking help", "--match", "so I kept quiet", "--coder", "ana")
    ben("code", "VoS-AL-04", "-t", "Culture of silence", "--match",
        "Nobody at school. In our town everyone talks", "--coder", "ben")
    return cli, ben


def test_merge_twice_adds_once(team):
    ana, ben = team
    r = ana("merge", ben.db)
    assert "ben.db: added 0 participants, 0 sources, 0 themes, 1 codings" in r.stdout
    assert sorted(ana.rows("SELECT coder, count(*) FROM codings GROUP BY coder")) == [("ana", 2), ("ben", 1)]
    before = [line for line in ana.dump() if "audit_log" not in line]
    r = ana("merge", ben.db, "--format", "json")
    [report] = json.loads(r.stdout)
    assert report["codings"] == 0 and report["conflicts"] == []
    assert [line for line in ana.dump() if "audit_log" not in line] == before
    assert ana.rows("SELECT count(*) FROM audit_log WHERE action = 'team.merge'") == [(2,)]


def test_merge_dry_run_and_conflicts_are_listed(team, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: table cells unfolded
    ana, ben = team
    ben("themes", "rename", "Culture of silence", "Keeping quiet")
    before = ana.dump()
    r = ana("merge", ben.db, "--dry-run")
    assert "would add" in r.stdout and "dry run: nothing was changed" in r.stdout
    assert "theme renamed or moved" in r.stdout and "Keeping quiet" in r.stdout
    assert ana.dump() == before
    rows = json.loads(ana("merge", ben.db, "--format", "json").stdout)[0]["conflicts"]
    assert rows == [{"kind": "theme renamed or moved", "subject": SILENCE, "ours": SILENCE,
                     "theirs": "Stigma and shame/Keeping quiet", "resolution": "ours kept"}]


def test_merge_help_states_the_rules(cli):
    text = cli("merge", "--help").stdout
    assert "approved in one file and excluded in the other: it is excluded" in text
    assert "Example" in text


def test_merge_bad_input_is_one_line_and_changes_nothing(team, tmp_path):
    ana, _ = team
    before = ana.dump()
    junk = tmp_path / "junk.db"
    junk.write_text("hello\n")
    for other, message in ((tmp_path / "nope.db", "no project at"), (junk, "not a vos-coder project"),
                           (ana.db, "this project itself")):
        r = ana("merge", other, ok=False)
        assert r.exit_code != 0 and message in r.stderr
        assert "Traceback" not in r.output
        assert ana.dump() == before


def test_agree_prints_kappa_and_alpha_matching_by_hand(team, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    ana, ben = team
    ana("merge", ben.db)
    [(text,)] = ana.rows("SELECT text FROM sources")
    L = len(text)
    a = len("Nobody at school.")
    b = len("Nobody at school. In our town everyone talks")
    # Culture of silence: both code the first a characters; ben b - a more.
    po = (L - (b - a)) / L
    pe = (a / L) * (b / L) + (1 - a / L) * (1 - b / L)
    kappa = (po - pe) / (1 - pe)
    # Coincidences: o11 = 2a, o01 = o10 = b - a; n1 = a + b, n0 = 2L - a - b, n = 2L.
    alpha = 1 - (2 * L - 1) * 2 * (b - a) / (2 * (2 * L - a - b) * (a + b))
    rows = {r["theme"]: r for r in json.loads(
        ana("agree", "--coders", "ana,ben", "--format", "json").stdout)}
    assert list(rows) == [SILENCE, HELP, "overall"]
    s = rows[SILENCE]
    assert s["units"] == L and s["unit"] == "char" and s["sources"] == 1
    assert s["kappa"] == round(kappa, 3) and s["alpha"] == round(alpha, 3)
    assert s["percent_agreement"] == round(po, 3)
    assert s["coded_by_ana"] == a and s["coded_by_ben"] == b
    table = ana("agree", "--coders", "ana,ben").stdout
    assert f"{kappa:.3f}" in table and f"{alpha:.3f}" in table and f"{L:,}" in table
    assert "over characters of 1 source(s)" in table


def test_agree_by_turn_and_theme(team):
    ana, ben = team
    ana("merge", ben.db)
    rows = json.loads(ana("agree", "--coders", "ana,ben", "--unit", "turn", "-t", "Culture of silence",
                          "--format", "json").stdout)
    assert [r["theme"] for r in rows] == [SILENCE, "overall"]
    # 4 turns: both coded turn 2 -> perfect agreement.
    assert rows[0]["units"] == 4 and rows[0]["percent_agreement"] == 1.0 and rows[0]["kappa"] == 1.0


def test_agree_bad_input(team):
    ana, ben = team
    ana("merge", ben.db)
    before = ana.dump()
    for args, message in ((["--coders", "ana"], "at least 2 coders"),
                          (["--coders", "ana,benn"], "did you mean 'ben'"),
                          (["--coders", "ana,ben", "--unit", "word"], "char or turn"),
                          (["--coders", "ana,ben", "-t", "No such theme"], "no theme named")):
        r = ana("agree", *args, ok=False)
        assert r.exit_code != 0 and message in r.stderr, r.stderr
    assert ana.dump() == before


def test_disagreements_side_by_side(team, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    ana, ben = team
    ana("merge", ben.db)
    rows = json.loads(ana("disagreements", "--coders", "ana,ben", "--format", "json").stdout)
    assert [(r["theme"], r["kind"]) for r in rows] == [(SILENCE, "different extent"),
                                                       (HELP, "only ana")]
    assert rows[0]["text"] == "Nobody at school. In our town everyone talks"
    assert rows[1]["ben"] == "-"
    table = ana("disagreements", "--coders", "ana,ben", "-t", "Culture of silence").stdout
    assert "different extent" in table and "only ana" not in table
    r = ana("disagreements", "--coders", "ana,ben,cleo", ok=False)
    assert r.exit_code != 0 and "exactly 2" in r.stderr


def test_coders_list(team):
    ana, ben = team
    ana("merge", ben.db)
    rows = json.loads(ana("coders", "list", "--format", "json").stdout)
    assert [(r["coder"], r["codings"], r["sources"]) for r in rows] == [("ana", 2, 1), ("ben", 1, 1)]
    assert "ana" in ana("coders", "list").stdout


def test_query_and_stats_filter_by_coder(team):
    ana, ben = team
    ana("merge", ben.db)
    rows = json.loads(ana("query", "--coder", "ben", "--format", "json").stdout)
    assert [(r["text"], r["coders"], r["themes"]) for r in rows] == [
        ("Nobody at school. In our town everyone talks", ["ben"], [SILENCE])]
    stats = {s["theme"]: s for s in json.loads(ana("stats", "themes", "--coder", "ben",
                                                   "--format", "json").stdout)}
    assert stats["Stigma and shame"]["excerpts"] == 1
    assert stats[HELP]["excerpts"] == 0
    stats = {s["theme"]: s for s in json.loads(ana("stats", "themes", "--coder", "ana",
                                                   "--format", "json").stdout)}
    assert stats["Stigma and shame"]["excerpts"] == 2 and stats[HELP]["excerpts"] == 1


def test_coder_from_environment(cli, tmp_path, monkeypatch):
    path = tmp_path / "VoS-AL-04.txt"
    path.write_text(CONVERSATION, encoding="utf-8")
    cli("import", path)
    monkeypatch.setenv("VOS_CODER_CODER", "cleo")
    cli("code", "VoS-AL-04", "-t", "Culture of silence", "--match", "Nobody at school.")
    assert cli.rows("SELECT coder FROM codings") == [("cleo",)]


def test_settle_by_number(team, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    ana, ben = team
    ana("merge", ben.db)
    assert "│ 1 " in ana("disagreements", "--coders", "ana,ben").stdout
    r = ana("settle", "1", "--coders", "ana,ben", "--accept", "ben", "--coder", "lead")
    assert "lead keeps" in r.stdout
    [(start, end)] = ana.rows("SELECT e.start, e.\"end\" FROM codings c JOIN excerpts e "
                              "ON e.id = c.excerpt_id WHERE c.coder = 'lead'")
    assert end - start == len("Nobody at school. In our town everyone talks")
    before = ana.dump()
    for args, message in ((["9", "--accept", "ben", "--coder", "lead"], "no disagreement 9"),
                          (["1", "--accept", "cleo", "--coder", "lead"], "give ana, ben, both or neither"),
                          (["1", "--accept", "ben", "--coder", "ana"], "third name")):
        r = ana("settle", "--coders", "ana,ben", *args, ok=False)
        assert r.exit_code != 0 and message in r.stderr, r.stderr
    assert ana.dump() == before
