"""`vos-coder code --from FILE`: batch coding, all or nothing, one undo step,
and the round trip with `query --format csv/jsonl` (issue 18, item 2)."""

from __future__ import annotations

import json

import pytest

from vos_coder.core.model import Turn
from vos_coder.core.passages import body_start
from vos_coder.store.engine import sqlite as sqlite3


def _forget_codings(db) -> int:
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    conn.execute("DELETE FROM codings")
    conn.commit()
    conn.close()
    return n


@pytest.mark.parametrize("fmt,suffix", [("csv", ".csv"), ("jsonl", ".jsonl"), ("json", ".json")])
def test_query_output_codes_the_same_passages_again(demo_cli, tmp_path, fmt, suffix):
    before = demo_cli("query", "--format", fmt).stdout
    all_codings = demo_cli.rows("SELECT e.source_id, e.start, e.\"end\", c.theme_id, c.coder "
                                "FROM codings c JOIN excerpts_with_text e ON e.id = c.excerpt_id ORDER BY 1, 2, 3, 4")
    f = tmp_path / f"codings{suffix}"
    f.write_text(before, encoding="utf-8")
    n = _forget_codings(demo_cli.db)
    assert n > 20 and len(demo_cli("query", "--format", fmt).stdout.strip().splitlines()) <= 1
    r = demo_cli("code", "--from", f)
    assert f"{n} coding(s) added, 0 already present" in r.stdout
    assert demo_cli("query", "--format", fmt).stdout == before
    assert demo_cli.rows("SELECT e.source_id, e.start, e.\"end\", c.theme_id, c.coder FROM codings c "
                         "JOIN excerpts_with_text e ON e.id = c.excerpt_id ORDER BY 1, 2, 3, 4") == all_codings
    r = demo_cli("code", "--from", f)  # again: nothing new
    assert f"0 coding(s) added, {n} already present" in r.stdout


def test_bad_rows_are_listed_by_line_and_nothing_is_coded(demo_cli, tmp_path):
    # a passage inside the first turn, after its speaker label
    [turn] = [Turn(*r) for r in demo_cli.rows(
        'SELECT n, speaker, start, "end" FROM turns WHERE source_id = 1 AND n = 1')]
    a = body_start(demo_cli.rows("SELECT text FROM sources WHERE id = 1")[0][0], turn)
    b = min(a + 30, turn.end)
    f = tmp_path / "batch.csv"
    f.write_text(
        "source,start,end,themes,coder\n"
        f"1,{a},{b},Stigma and shame,ana\n"       # good
        f"1,{a},{b},Stigma and shme,ana\n"        # line 3: misspelt theme
        "999,0,10,Stigma and shame,ana\n"         # line 4: no such source
        "1,10,5,Stigma and shame,ana\n"           # line 5: backwards span
        "1,0,99999999,Stigma and shame,ana\n"     # line 6: past the end
        f'1,{a},{b},"Stigma and shame; Support services",ana\n',  # good, two themes
        encoding="utf-8")
    before = demo_cli.dump()
    r = demo_cli("code", "--from", f, ok=False)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("Error: batch.csv: 4 of 6 row(s) cannot be coded, so nothing was coded")
    assert [x.split(":")[0].strip() for x in lines[1:]] == ["line 3", "line 4", "line 5", "line 6"]
    assert "Stigma and shame" in lines[1]  # the suggestion for the misspelling
    assert "Traceback" not in r.output
    assert demo_cli.dump() == before


def test_a_batch_is_one_undo_step_with_match_rows_memos_and_coders(demo_cli, tmp_path):
    text = demo_cli.rows("SELECT text FROM sources WHERE id = 1")[0][0]
    pid = demo_cli.rows("SELECT p.pid FROM sources s JOIN participants p ON p.id = s.participant_id "
                        "WHERE s.id = 1")[0][0]
    # the ends of three long turns (a passage stays inside one speaker's turn)
    ends = [e for s, e in demo_cli.rows('SELECT start, "end" FROM turns WHERE source_id = 1 ORDER BY start')
            if e - s > 80][:3]
    (a1, b1), (a2, b2), (a3, b3) = [(e - 60, e) for e in ends]
    passage = text[a1:b1]
    rows = [
        {"source": pid, "match": passage, "themes": ["Stigma and shame"], "coder": "ana",
         "memo": "Said twice, in different words."},
        {"source": 1, "start": a2, "end": b2, "themes": "Stigma and shame; Support services",
         "coder": "ben"},
        {"source": 1, "start": a3, "end": b3, "theme": "Support services"},  # coder: --coder
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    before = demo_cli.rows("SELECT count(*) FROM codings")[0][0]
    r = demo_cli("code", "--from", f, "--coder", "lead")
    assert "4 coding(s) added, 0 already present, 1 memo(s)" in r.stdout
    got = demo_cli.rows('SELECT e.start, e."end", e.text, c.coder FROM codings c JOIN excerpts_with_text e '
                        "ON e.id = c.excerpt_id WHERE c.coder IN ('ana', 'ben', 'lead') ORDER BY 1, 4")
    assert got[0] == (a1, b1, passage, "ana")
    assert {(a, b, c) for a, b, _t, c in got[1:]} == {(a2, b2, "ben"), (a3, b3, "lead")}
    assert demo_cli.rows("SELECT text, author FROM memos WHERE target_kind = 'excerpt'")[-1] == (
        "Said twice, in different words.", "ana")
    r = demo_cli("undo", "--coder", "lead")
    assert r.stdout.startswith("undid: removed ")  # one step, naming each passage it changed
    assert r.stdout.count(" in VoS-") == 3
    assert demo_cli.rows("SELECT count(*) FROM codings")[0][0] == before
    demo_cli("redo", "--coder", "lead")
    assert demo_cli.rows("SELECT count(*) FROM codings")[0][0] == before + 4
    r = demo_cli("code", "--from", f, "--coder", "lead")  # the memo is not written twice
    assert "0 coding(s) added, 4 already present" in r.stdout and "memo" not in r.stdout


@pytest.mark.parametrize("content,suffix,message", [
    ("source,start,end,themes,coders\n1,0,40,Stigma and shame,ana; ben\n", ".csv", "several coders"),
    ('{"source": 1, "start": 0}\nnot json\n', ".jsonl", "line 2: not a JSON object"),
    ("source,start,end,themes\n", ".csv", "no rows to code"),
    ("a,b\n", ".txt", "give a .csv or .jsonl file"),
])
def test_unusable_files_say_why_in_one_message(demo_cli, tmp_path, content, suffix, message):
    f = tmp_path / f"batch{suffix}"
    f.write_text(content, encoding="utf-8")
    before = demo_cli.dump()
    r = demo_cli("code", "--from", f, ok=False)
    assert r.exit_code != 0 and message in r.stderr, r.stderr
    assert "Traceback" not in r.output
    assert demo_cli.dump() == before


def test_from_and_a_single_passage_do_not_mix(demo_cli, tmp_path):
    f = tmp_path / "b.csv"
    f.write_text("source,start,end,themes\n1,0,40,Stigma and shame\n", encoding="utf-8")
    r = demo_cli("code", "1", "--from", f, ok=False)
    assert r.exit_code == 2 and "leave out SOURCE" in r.stderr
    r = demo_cli("code", "--theme", "Stigma and shame", ok=False)
    assert r.exit_code == 2 and "give the SOURCE" in r.stderr


def test_a_row_over_two_speakers_turns_is_refused_by_its_line(demo_cli, tmp_path):
    """The batch keeps the workbench's rule: a passage never spans speakers."""
    (_a_start, a_end), (b_start, _b_end) = demo_cli.rows(
        'SELECT start, "end" FROM turns WHERE source_id = 1 ORDER BY start LIMIT 2')
    inside = (a_end - 10, a_end)
    across = (a_end - 10, b_start + 10)
    f = tmp_path / "batch.csv"
    f.write_text("source,start,end,themes,coder\n"
                 f"1,{inside[0]},{inside[1]},Stigma and shame,ana\n"
                 f"1,{across[0]},{across[1]},Stigma and shame,ana\n", encoding="utf-8")
    before = demo_cli.dump()
    r = demo_cli("code", "--from", f, ok=False)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("Error: batch.csv: 1 of 2 row(s) cannot be coded, so nothing was coded")
    assert lines[1].strip().startswith("line 3:") and "speaker turns" in lines[1]
    assert demo_cli.dump() == before
