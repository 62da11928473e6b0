"""The demo project and the sample data, end to end through the CLI."""

import csv
import json
from collections import Counter

from typer.testing import CliRunner

from vos_coder.cli import app
from vos_coder.demo import samples_dir


def test_demo_builds_and_rebuilds_only_its_own_file(tmp_path):
    db = tmp_path / "demo.db"
    runner = CliRunner()
    r = runner.invoke(app, ["demo", "--no-ui", "--db", str(db)])
    assert r.exit_code == 0, r.output + r.stderr
    assert "57 participants" in r.stdout and "vos-coder stats" in r.stdout
    r = runner.invoke(app, ["demo", "--no-ui", "--db", str(db)])  # rebuilt, not refused
    assert r.exit_code == 0
    other = tmp_path / "mine.db"
    runner.invoke(app, ["init", "--db", str(other)])
    r = runner.invoke(app, ["demo", "--no-ui", "--db", str(other)])
    assert r.exit_code != 0 and "not a demo project" in r.stderr


def test_every_demo_coding_lands_on_its_passage(demo_cli):
    expected = Counter()
    with (samples_dir() / "demo_codings.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            expected[(row["participant"], row["match"])] += 1
    rows = json.loads(demo_cli("query", "--format", "json").stdout)
    got = Counter()
    for r in rows:
        got[(r["participant"], r["text"])] += len(r["themes"])
    assert got == expected
    for r in rows:
        text = demo_cli.rows("SELECT text FROM sources WHERE id = ?", [r["source"]])[0][0]
        assert text[r["start"]:r["end"]] == r["text"]


def test_survey_marginals_in_the_project(demo_cli):
    data = json.loads(demo_cli("participants", "list", "--group", "frontline worker",
                               "--format", "json").stdout)
    assert len(data) == 50
    def count(attr):
        return Counter(d["attributes"][attr] for d in data)
    assert count("gender") == {"woman": 34, "man": 16}
    assert count("related_degree") == {"yes": 42, "no": 8}
    assert count("area_served") == {"urban": 28, "rural": 3, "both": 19}
    barriers = Counter()
    for d in data:
        value = d["attributes"]["disclosure_barriers"]
        barriers.update(value if isinstance(value, list) else [value])
    assert sorted(barriers.values(), reverse=True) == [28, 25, 20, 17, 14, 12, 8, 8, 5, 3, 3, 3, 2, 1, 1]


def test_stats_by_group_on_the_demo(demo_cli):
    rows = {r["theme"]: r for r in json.loads(
        demo_cli("stats", "--group", "survivor", "--format", "json").stdout)}
    silence = rows["Stigma and shame/Culture of silence"]
    assert (silence["participants"], silence["in_scope"], silence["share"]) == (5, 7, "71% (n=5)")
    assert rows["Reporting mechanisms/Confidentiality breaches by police or media"]["share"] == "57% (n=4)"
    rural = {r["theme"]: r for r in json.loads(
        demo_cli("stats", "--where", "town_type=rural", "--format", "json").stdout)}
    assert rural["Stigma and shame"]["in_scope"] == 3


def test_subtitle_follow_up_imports_with_times(demo_cli):
    path = samples_dir() / "extra" / "VoS-AL-02_followup.vtt"
    r = demo_cli("import", path, "-v")
    assert "VoS-AL-02" in r.stdout
    stamps = demo_cli.rows("SELECT t.timestamp FROM turns t JOIN sources s ON s.id = t.source_id "
                           "WHERE s.title = 'VoS-AL-02_followup' ORDER BY t.n")
    assert stamps[0] == ("00:00:02.000",) and len(stamps) == 8


def test_survey_reimport_says_the_answers_are_already_there(demo_cli):
    path = samples_dir() / "frontline_survey.csv"
    before = demo_cli.rows("SELECT count(*) FROM sources")
    r = demo_cli("import", path, "--id-column", "respondent",
                 "--text-columns", "open_awareness,open_services")
    assert "0 answers" in r.stdout and "already in the project" in r.stdout
    assert demo_cli.rows("SELECT count(*) FROM sources") == before


def test_demo_refuses_to_rebuild_a_changed_demo_unless_forced(tmp_path):
    from vos_coder.store.engine import sqlite as sqlite3

    db = tmp_path / "vos-demo.db"
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [*args, "--db", str(db)])

    assert run("demo", "--no-ui").exit_code == 0
    assert run("query").exit_code == 0 and run("stats").exit_code == 0  # reading is no change
    assert run("demo", "--no-ui").exit_code == 0
    r = run("themes", "add", "My own theme")
    assert r.exit_code == 0, r.output + r.stderr
    r = run("demo", "--no-ui")
    assert r.exit_code == 1
    assert "was changed since it was built" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.output
    names = [n for (n,) in sqlite3.connect(db).execute("SELECT name FROM themes")]
    assert "My own theme" in names  # nothing was lost
    r = run("demo", "--no-ui", "--force")
    assert r.exit_code == 0, r.stderr
    names = [n for (n,) in sqlite3.connect(db).execute("SELECT name FROM themes")]
    assert "My own theme" not in names
