"""Numeric attributes in `stats attributes` (issue 18, item 6): detected, summarised
as n, min, median, max, and with --bins the share in each band, in every output
format (table, json, jsonl, csv, md, and a Word table with --out)."""

from __future__ import annotations

import csv
import io
import json
import statistics

import docx
import pytest

from tests.cli.conftest import Cli
from vos_coder.analysis.stats import attribute_tables, band_labels, parse_bins
from vos_coder.demo import samples_dir
from vos_coder.errors import InvalidInput
from vos_coder.store import Project

ARGS = ["stats", "attributes", "--group", "frontline worker", "years_experience"]


def _years() -> list[int]:
    """The oracle: the sample survey's column, read straight from the CSV."""
    with (samples_dir() / "frontline_survey.csv").open(encoding="utf-8", newline="") as fh:
        return [int(r["years_experience"]) for r in csv.DictReader(fh)]


@pytest.fixture
def demo(demo_path):
    return Cli(demo_path)


def test_a_numeric_attribute_is_summarised_not_listed_value_by_value(demo):
    years = _years()
    [row] = json.loads(demo(*ARGS, "--format", "json").stdout)
    assert row == {"attribute": "years_experience",
                   "value": f"min {min(years)}, median {statistics.median(years):g}, max {max(years)}",
                   "n": len(years), "total": 50, "percent": 100, "share": "100% (n=50)",
                   "min": min(years), "median": statistics.median(years), "max": max(years)}
    table = demo(*ARGS).stdout
    assert "years_experience (numeric, 50" in " ".join(table.split())
    assert f"min {min(years)}, median" in table and "100% (n=50)" in table


def test_bins_give_the_share_per_band_in_every_format(demo, tmp_path):
    years = _years()
    expected = {"0-4": sum(y < 5 for y in years), "5-9": sum(5 <= y < 10 for y in years),
                "10-19": sum(10 <= y < 20 for y in years), "20 or more": sum(y >= 20 for y in years)}
    args = [*ARGS, "--bins", "0,5,10,20"]
    rows = json.loads(demo(*args, "--format", "json").stdout)
    assert [(r["value"], r["n"]) for r in rows[1:]] == list(expected.items())
    assert sum(r["n"] for r in rows[1:]) == 50
    assert [r["share"] for r in rows[1:]] == [f"{round(100 * n / 50)}% (n={n})" for n in expected.values()]
    jsonl = [json.loads(x) for x in demo(*args, "--format", "jsonl").stdout.splitlines()]
    assert jsonl == rows
    parsed = list(csv.DictReader(io.StringIO(demo(*args, "--format", "csv").stdout)))
    assert [(r["value"], int(r["n"])) for r in parsed[1:]] == list(expected.items())
    assert parsed[0]["median"] == f"{statistics.median(years):g}" and parsed[1]["median"] == ""
    md = demo(*args, "--format", "md").stdout.splitlines()
    assert md[0] == "| attribute | value | n | total | percent | share | min | median | max |"
    assert len(md) == 2 + 1 + 4 and "| years_experience | 10-19 |" in md[5]
    table = demo(*args).stdout
    for label, n in expected.items():
        assert label in table and f"(n={n})" in table
    out = tmp_path / "years.docx"
    demo(*args, "--out", out)
    cells = [[c.text for c in row.cells] for row in docx.Document(str(out)).tables[0].rows]
    assert cells[0] == ["attribute", "value", "share"]
    assert [r[1] for r in cells[2:]] == list(expected)
    assert cells[1][1].startswith(f"min {min(years)}, median")


def test_categorical_attributes_keep_their_frequency_rows(demo):
    rows = json.loads(demo("stats", "attributes", "--group", "frontline worker", "gender",
                           "--format", "json").stdout)
    assert [(r["value"], r["n"]) for r in rows] == [("woman", 34), ("man", 16)]
    assert "min" not in rows[0]


def _project(tmp_path, values: dict[str, list[str]]) -> Project:
    p = Project.create(tmp_path / "p.db")
    for pid, v in values.items():
        p.ensure_participant(pid, "survivor")
        p.set_attributes(pid, {"age": v})
    return p


def test_edges_missing_values_and_decimals(tmp_path):
    p = _project(tmp_path, {"VoS-AL-01": ["17"], "VoS-AL-02": ["18"], "VoS-AL-03": ["19.5"],
                            "VoS-AL-04": ["20"], "VoS-AL-05": ["2,5"], "VoS-AL-06": []})
    [t] = attribute_tables(p, "survivor", ["age"], parse_bins("18,20"))
    p.close()
    assert t.numeric is not None and t.numeric.text == "min 2.5, median 18, max 20"
    assert t.numeric.n == 5 and t.answered == 5 and t.respondents == 6
    # decimals: bands say "to under"; values below the first edge get their own band
    assert [(f.value, f.n) for f in t.rows] == [("under 18", 2), ("18 to under 20", 2),
                                                ("20 or more", 1), ("(no answer)", 1)]


def test_a_mixed_attribute_is_not_numeric(tmp_path):
    p = _project(tmp_path, {"VoS-AL-01": ["18"], "VoS-AL-02": ["about 19"]})
    [t] = attribute_tables(p, None, ["age"])
    p.close()
    assert t.numeric is None and [f.value for f in t.rows] == ["18", "about 19"]


def test_band_labels_for_whole_numbers():
    assert band_labels((0, 5, 10, 20), True) == ["under 0", "0-4", "5-9", "10-19", "20 or more"]
    assert band_labels((1, 2), True) == ["under 1", "1", "2 or more"]


@pytest.mark.parametrize("text", ["", "5,x", "10,5", "5,5", "a"])
def test_bad_bins_are_one_line(demo, text):
    with pytest.raises(InvalidInput):
        parse_bins(text)
    r = demo(*ARGS, "--bins", text, ok=False)
    assert r.exit_code == 2 and r.stderr.startswith("Error: --bins ")
    assert len(r.stderr.strip().splitlines()) == 1


def test_bins_on_no_numeric_attribute_say_so(demo, tmp_path):
    out = tmp_path / "g.docx"
    r = demo("stats", "attributes", "--group", "frontline worker", "gender", "--bins", "0,5",
             "--out", out, ok=False)
    assert r.exit_code == 2
    assert r.stderr.strip() == ("Error: --bins: none of gender is numeric (every value a number); "
                                "leave --bins out")
    assert not out.exists()


def test_chart_of_a_numeric_attribute_is_by_bands(demo, tmp_path):
    years = _years()
    r = demo("chart", "attributes", "years_experience", "--group", "frontline worker",
             "--bins", "0,5,10,20")
    line = next(x for x in r.stdout.splitlines() if x.strip().startswith("10-19"))
    assert line.endswith(f"(n={sum(10 <= y < 20 for y in years)})")
    r = demo("chart", "attributes", "years_experience", "--group", "frontline worker", ok=False)
    assert r.exit_code == 2 and "chart it by bands with --bins" in r.stderr
