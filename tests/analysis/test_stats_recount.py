"""Attribute tables and the theme crosstab against a recount in plain Python
from the data the test wrote: participants in two groups, some withdrawn,
with single and multi-select answers (values that differ only by case),
numeric answers with and without bands, and codings with nested themes.
Written to kill planted faults (tests/MUTATION.md)."""

from __future__ import annotations

import shutil
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.analysis.stats import NO_ANSWER, attribute_tables, parse_bins, theme_crosstab
from vos_coder.core.model import ParsedSource
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store import Project

TEXT = "I told a teacher first. Later the police asked for printed messages. Nobody called back.\n"
THEMES = [("Stigma", None), ("Shame at school", "Stigma"), ("Services", None),
          ("Remote support", "Services"), ("By phone", "Services/Remote support"), ("Reporting", None)]
PATHS = ["Stigma", "Stigma/Shame at school", "Services", "Services/Remote support",
         "Services/Remote support/By phone", "Reporting"]
GROUPS = ["survivor", "frontline worker"]

span = st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 30)).map(
    lambda t: (t[0], min(len(TEXT) - 1, t[0] + t[1])))
person = st.fixed_dictionaries({
    "group": st.sampled_from(GROUPS),
    "withdrawn": st.booleans(),
    "town": st.one_of(st.none(), st.sampled_from(["city", "City", "rural", "Durrës"])),
    "barriers": st.lists(st.sampled_from(["Stigma", "stigma", "Fear", "Cost"]), unique=True, max_size=3),
    "age": st.one_of(st.none(), st.sampled_from(["18", "19", "20", "2,5", "7.5", "-1", ".5", "3.333"])),
    "unsure": st.booleans(),  # answers "age" with a word: the attribute is no longer numeric
    "years": st.lists(st.sampled_from(["1", "4", "12"]), unique=True, max_size=2),  # numbers, multi-select
    "codings": st.lists(st.tuples(span, st.lists(st.sampled_from(PATHS), min_size=1, max_size=2,
                                                 unique=True)), max_size=3),
})
people_st = st.lists(person, min_size=1, max_size=7)
bins_st = st.one_of(st.none(), st.lists(st.sampled_from([-1, 0, 0.5, 5, 10, 18, 19, 19.5, 20]),
                                        min_size=1, max_size=4, unique=True).map(sorted).map(tuple))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An empty project with the codebook, copied for each example (creating
    a project takes far longer than filling one)."""
    path = tmp_path_factory.mktemp("stats") / "template.db"
    with Project.create(path, codebook="empty") as p:
        for name, parent in THEMES:
            p.add_theme(name, parent)
    return path


def build(template: Path, path: Path, people: list[dict]) -> Project:
    shutil.copy(template, path)
    p = Project.open(path)
    for i, x in enumerate(people, 1):
        pid = f"VoS-AL-{i:02d}"
        p.add_source(pid, pid, ParsedSource(TEXT + pid + "\n", (), "document"), group=x["group"])
        age = "unknown" if x["unsure"] and x["age"] else x["age"]
        p.set_attributes(pid, {"town": x["town"], "barriers": x["barriers"], "age": age,
                               "years": x["years"]})
        for (start, end), themes in x["codings"]:
            p.code(pid, start, end, themes, "tester")
        if x["withdrawn"]:
            p.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = ?", [pid])
    return p


def answers(x: dict, name: str) -> list[str]:
    if name == "group":
        return [x["group"]]
    if name == "age":
        return ["unknown"] if x["unsure"] and x["age"] else [x["age"]] if x["age"] else []
    return list(x[name]) if name in ("barriers", "years") else [x[name]] if x[name] else []


def in_scope(people: list[dict], group: str | None) -> list[dict]:
    return [x for x in people if not x["withdrawn"] and group in (None, x["group"])]


def num(v: str) -> float | None:
    try:
        return float(v.replace(",", "."))
    except ValueError:
        return None


def shown(x: float) -> str:
    return str(int(x)) if x == int(x) else str(round(x, 2))


def recount_bands(values: list[float], edges: tuple[float, ...], total: int) -> list[tuple[str, int, int]]:
    whole = all(v == int(v) for v in values)
    bands = [(f"under {shown(edges[0])}", lambda v: v < edges[0])]
    for a, b in pairwise(edges):
        if whole and a == int(a) and b == int(b):
            label = shown(a) if b - 1 == a else f"{shown(a)}-{shown(b - 1)}"
        else:
            label = f"{shown(a)} to under {shown(b)}"
        bands.append((label, lambda v, a=a, b=b: a <= v < b))
    bands.append((f"{shown(edges[-1])} or more", lambda v: v >= edges[-1]))
    out = []
    for i, (label, inside) in enumerate(bands):
        n = sum(1 for v in values if inside(v))
        if n or 0 < i < len(bands) - 1:
            out.append((label, n, total))
    return out


def check_table(table, people: list[dict], group: str | None, bins) -> None:
    scope = in_scope(people, group)
    total = len(scope)
    given_ = [answers(x, table.attribute) for x in scope]
    answered = sum(1 for a in given_ if a)
    assert (table.respondents, table.answered) == (total, answered)
    missing = [(NO_ANSWER, total - answered, total)] if answered < total else []
    values = [v for a in given_ for v in a]
    numbers = [num(v) for v in values]
    if table.attribute != "group" and values and all(len(a) <= 1 for a in given_) \
            and all(n is not None for n in numbers):
        s = sorted(numbers)
        mid = len(s) // 2
        median = s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
        assert table.numeric is not None and table.multi_select is False
        assert (table.numeric.n, table.numeric.minimum, table.numeric.median,
                table.numeric.maximum) == (answered, s[0], median, s[-1])
        bands = recount_bands(s, bins, total) if bins else []
        assert [(f.attribute, f.value, f.n, f.total) for f in table.rows] == [
            (table.attribute, *b) for b in bands + missing]
        head = table.as_dicts()[0]
        assert (head["value"], head["n"], head["total"]) == (
            f"min {shown(s[0])}, median {shown(median)}, max {shown(s[-1])}", answered, total)
        return
    assert table.numeric is None
    assert table.multi_select is any(len(a) > 1 for a in given_)
    counts = {v: sum(1 for a in given_ if v in a) for v in values}
    assert {f.attribute for f in table.rows} <= {table.attribute}
    assert all(d["attribute"] == table.attribute for d in table.as_dicts())
    rows = [(f.value, f.n, f.total) for f in table.rows]
    assert sorted(rows) == sorted([(v, n, total) for v, n in counts.items()] + missing)
    assert rows[len(rows) - len(missing):] == missing  # (no answer) comes last
    keys = [(-n, v.casefold()) for v, n, _ in rows[:len(rows) - len(missing)]]
    assert keys == sorted(keys)  # by share, then by value, ignoring case


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_st, data=st.data())
def test_attribute_tables_are_the_recount(template, people, data):
    group = data.draw(st.sampled_from([None, *sorted({x["group"] for x in people})]))
    bins = data.draw(bins_st)
    with tempfile.TemporaryDirectory() as tmp, build(template, Path(tmp) / "p.db", people) as p:
        names = data.draw(st.lists(st.sampled_from(["group", *p.attribute_names(group)]),
                                   unique=True))
        tables = attribute_tables(p, group, names, bins)
    assert [t.attribute for t in tables] == (names or sorted(
        {n for x in people if group in (None, x["group"]) for n in ("town", "barriers", "age", "years")
         if answers(x, n)}))
    for t in tables:
        check_table(t, people, group, bins)


def recount_crosstab(people: list[dict], by: str, group: str | None, where: dict[str, str]):
    scope = [(f"VoS-AL-{i:02d}", x) for i, x in enumerate(people, 1)
             if x in in_scope(people, group)
             and all(v.casefold() in {a.casefold() for a in answers(x, k)} for k, v in where.items())]
    columns: dict[str, list[str]] = {}
    themes: dict[str, set[str]] = {}
    for pid, x in scope:
        for v in answers(x, by) or [NO_ANSWER]:
            columns.setdefault(v, []).append(pid)
        themes[pid] = {"/".join(path.split("/")[:i + 1])
                       for _, paths in x["codings"] for path in paths
                       for i in range(path.count("/") + 1)}
    names = sorted(c for c in columns if c != NO_ANSWER) + ([NO_ANSWER] if NO_ANSWER in columns else [])
    rows = tuple((path, path.count("/"), tuple(sum(1 for pid in columns[c] if path in themes[pid])
                                               for c in names)) for path in PATHS)
    return tuple(names), tuple(len(columns[c]) for c in names), rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_st, data=st.data())
def test_theme_crosstab_is_the_recount(template, people, data):
    group = data.draw(st.sampled_from([None, *sorted({x["group"] for x in people})]))
    with tempfile.TemporaryDirectory() as tmp, build(template, Path(tmp) / "p.db", people) as p:
        known = p.attribute_names()
        by = data.draw(st.sampled_from(["group", *p.attribute_names(group)]))
        where = data.draw(st.dictionaries(
            st.sampled_from([k for k in ("town", "barriers") if k in known] or ["-"]),
            st.sampled_from(["city", "CITY", "Rural", "DURRËS", "stigma", "FEAR", "cost"]),
            max_size=2))
        where = {k: v for k, v in where.items() if k in known}
        tab = theme_crosstab(p, by, group, where or None)
    assert tab.attribute == by
    assert (tab.columns, tab.column_totals, tab.rows) == recount_crosstab(people, by, group, where)


def test_another_groups_attribute_is_unknown_in_this_group(template, tmp_path):
    """Asking the survivors for the workers' survey question is a slip; it
    is refused with the survivors' attributes, not answered with a table of
    "(no answer)"."""
    people = [{"group": "survivor", "withdrawn": False, "town": "city", "barriers": [], "age": "19",
               "unsure": False, "years": [], "codings": []},
              {"group": "frontline worker", "withdrawn": False, "town": None, "barriers": ["Stigma"],
               "age": None, "unsure": False, "years": ["4"], "codings": []}]
    with build(template, tmp_path / "p.db", people) as p:
        message = "no attribute named 'barriers'; did you mean 'age', 'group', 'town'?"
        with pytest.raises(NotFound) as e:
            attribute_tables(p, "survivor", ["barriers"])
        assert str(e.value) == message
        with pytest.raises(NotFound) as e:
            theme_crosstab(p, "barriers", "survivor")
        assert str(e.value) == message
        with pytest.raises(NotFound, match=r"^no attribute named 'towns'; did you mean 'town'\?$"):
            theme_crosstab(p, "towns")
        [t] = attribute_tables(p, "frontline worker", ["barriers"])
        assert [(f.value, f.share) for f in t.rows] == [("Stigma", "100% (n=1)")]


@pytest.mark.parametrize(("text", "message"), [
    ("5,x", "--bins '5,x': give increasing numbers separated by commas, like 0,5,10,20"),
    ("", "--bins '': give increasing numbers separated by commas, like 0,5,10,20"),
    ("10,5", "--bins '10,5': the numbers must increase, like 0,5,10,20"),
])
def test_bad_bins_say_what_to_give(text, message):
    with pytest.raises(InvalidInput) as e:
        parse_bins(text)
    assert str(e.value) == message


def test_where_ignores_case_in_every_alphabet(template, tmp_path):
    """``--where town=DURRËS`` finds the participant who wrote "Durrës": she is
    in the column total, so her themes must be in the column's counts too (the
    filter once matched her in Python but not her passages in SQL, whose
    NOCASE folds only A-Z, so her column read 0% of 1)."""
    people = [{"group": "survivor", "withdrawn": False, "town": "Durrës", "barriers": [], "age": None,
               "unsure": False, "years": [], "codings": [((0, 6), ["Stigma/Shame at school"])]}]
    with build(template, tmp_path / "p.db", people) as p:
        tab = theme_crosstab(p, "town", None, {"town": "DURRËS"})
    assert (tab.columns, tab.column_totals) == (("Durrës",), (1,))
    shares = {r["theme"]: r["Durrës"] for r in tab.as_rows()}
    assert shares["Stigma"] == shares["Stigma/Shame at school"] == "100% (n=1)"
    assert shares["Services"] == "0% (n=0)"


def _aged(ages: list[str]) -> list[dict]:
    return [{"group": "survivor", "withdrawn": False, "town": None, "barriers": [], "age": a,
             "unsure": False, "years": [], "codings": []} for a in ages]


@pytest.mark.parametrize(("ages", "bins", "shown_rows"), [
    # an empty first inner band and an empty top band: the inner one is shown, the open one not
    (["18", "19"], (0, 5, 20), ["0-4", "5-19"]),
    (["18", "19"], (18, 20), ["18-19"]),
    (["18", "19", None], (18, 19), ["18", "19 or more", "(no answer)"]),
    # an empty last inner band is still shown; decimals are printed to two places
    (["3.333", "18"], (0, 5, 20, 30), ["0 to under 5", "5 to under 20", "20 to under 30"]),
    (["-1", "2,5", "7.5"], (0, 5), ["under 0", "0 to under 5", "5 or more"]),
])
def test_numeric_bands_are_the_recount(template, tmp_path, ages, bins, shown_rows):
    people = _aged(ages)
    with build(template, tmp_path / "p.db", people) as p:
        [table] = attribute_tables(p, "survivor", ["age"], bins)
    assert [f.value for f in table.rows] == shown_rows
    check_table(table, people, "survivor", bins)


def test_a_median_with_three_decimals_is_printed_with_two(template, tmp_path):
    with build(template, tmp_path / "p.db", _aged(["1", "3.333", "20"])) as p:
        [table] = attribute_tables(p, "survivor", ["age"])
    assert table.as_dicts()[0]["value"] == "min 1, median 3.33, max 20"
