"""A coded interviewer turn is not counted under the participant.

Chosen rule (the same as for quotes, tests/exporters/test_interviewer_turns.py):
a passage the interviewer spoke is not the participant's words, so `stats`
(themes, crosstab, co-occurrence) and `export matrix` leave it out of every
count, and `quotes approve` refuses it by name. `export codings` keeps it,
with speaker Interviewer. All text is fictional (tests/exporters/quote_fixture.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.exporters.quote_fixture import build_quote_project
from vos_coder.analysis.stats import cooccurrence, theme_crosstab
from vos_coder.exporters.analysis_tables import codings_table, matrix_table
from vos_coder.store.engine import sqlite

REPO = Path(__file__).resolve().parents[2]
SEEKING = "Stigma of seeking help"  # only VoS-AL-02 said something coded with it
LOCATION = "Availability by location"  # VoS-AL-02: two passages


@pytest.fixture
def coded_questions(tmp_path):
    """The quote project, with two interviewer questions coded: one in
    VoS-AL-01 with a theme only VoS-AL-02's words have, one in VoS-AL-02 with
    a theme VoS-AL-02's own words have too."""
    path = tmp_path / "q.db"
    p = build_quote_project(path, approve=False)
    p.counts_before = [(s.excerpts, s.participants) for s in p.theme_stats()]
    for pid, question, themes in (("VoS-AL-01", "And the police?", [SEEKING, LOCATION]),
                                  ("VoS-AL-02", "Was there a counsellor near you?", [LOCATION])):
        start, end = p.match_span(pid, question)
        p.code(pid, start, end, themes, "ana")
    yield p, path
    p.close()


def _stat(stats, name):
    [s] = [s for s in stats if s.theme.name == name]
    return s.excerpts, s.participants


def test_stats_themes_counts_only_the_participants_words(coded_questions):
    p, _ = coded_questions
    stats = p.theme_stats()
    assert _stat(stats, SEEKING) == (1, 1)  # not VoS-AL-01 for the question it was asked
    assert _stat(stats, LOCATION) == (2, 1)  # VoS-AL-02's two passages, not the question
    # every theme (and its parents, which count their sub-themes) as before the questions
    assert [(s.excerpts, s.participants) for s in stats] == p.counts_before
    # the same from the raw tables (the path taken while a change is not yet counted)
    recounted = p._theme_stats_recounted(p.themes(), "p.consent = 'active'", [], 0, None)
    assert [(s.excerpts, s.participants) for s in recounted] == \
        [(s.excerpts, s.participants) for s in stats]
    # one coder's codings: ana coded only the two questions
    assert _stat(p.theme_stats(coder="ana"), LOCATION) == (0, 0)
    assert _stat(p.theme_stats(coder="tester"), LOCATION) == (2, 1)


def test_the_cli_stats_and_matrix_say_the_same(coded_questions, tmp_path):
    _, path = coded_questions
    run = lambda *a: subprocess.run([sys.executable, "-m", "vos_coder", *a, "--db", str(path)],
                                    capture_output=True, text=True, check=True,
                                    env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}).stdout
    rows = json.loads(run("stats", "themes", "--format", "json"))
    [seeking] = [r for r in rows if r["theme"].endswith("/" + SEEKING)]
    assert seeking["participants"] == 1 and seeking["excerpts"] == 1, seeking
    out = tmp_path / "matrix.csv"
    run("export", "matrix", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = next(i for i, h in enumerate(header) if h.endswith("/" + SEEKING))
    al01 = next(line.split(",") for line in lines if line.startswith("VoS-AL-01,"))
    assert al01[col] == "0"


def test_matrix_crosstab_and_cooccurrence_leave_the_question_out(coded_questions):
    p, _ = coded_questions
    matrix = {r["participant"]: r for r in matrix_table(p).rows}
    path = next(t.path for t in p.themes() if t.name == SEEKING)
    location = next(t.path for t in p.themes() if t.name == LOCATION)
    assert matrix["VoS-AL-01"][path] == 0 and matrix["VoS-AL-01"][location] == 0
    assert matrix["VoS-AL-02"][path] == 1 and matrix["VoS-AL-02"][location] == 2
    tab = {row[0]: row[2] for row in theme_crosstab(p, "town_type").rows}
    columns = theme_crosstab(p, "town_type").columns
    assert tab[path][columns.index("city")] == 0  # VoS-AL-01 lives in a city
    # the question coded with two themes is not a co-occurrence of VoS-AL-01
    [pair] = [c for c in cooccurrence(p) if {c.theme_a, c.theme_b} == {path, location}]
    assert pair.participants == 1  # VoS-AL-02's village passage only
    # ... while the codings table keeps both questions, as the interviewer's
    table, _ = codings_table(p)
    assert sorted(r["text"] for r in table.rows if r["speaker"] == "Interviewer") == [
        "And the police?", "And the police?", "Was there a counsellor near you?"]


def test_quotes_approve_refuses_the_interviewer_by_name(coded_questions):
    p, path = coded_questions
    [question] = [q for q in p.quotes() if q.text == "And the police?"]
    [answer] = [q for q in p.quotes() if q.text.startswith("I told my aunt")]
    r = subprocess.run([sys.executable, "-m", "vos_coder", "quotes", "approve", answer.quote_id,
                        question.quote_id, "--db", str(path)], capture_output=True, text=True,
                       check=False, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2  # bad input (InvalidInput)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"Error: {question.quote_id} is the interviewer's words (turn 3 of "
                               "'VoS-AL-01'"), r.stderr
    assert "not VoS-AL-01's" in r.stderr
    con = sqlite.connect(path)
    statuses = dict(con.execute("SELECT number, status FROM quotes").fetchall())
    con.close()
    assert statuses[question.quote_number] == "candidate"
    assert statuses[answer.quote_number] == "candidate"  # all or nothing: the answer waits too
