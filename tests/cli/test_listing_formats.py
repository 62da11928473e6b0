"""Listings read well in every format: `participants list --format csv` gives
one column per attribute (it printed Python's `{}`), and a narrow table keeps
its title on one line at 80 columns (rich wrapped it)."""

from __future__ import annotations

import csv
import io


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_participants_csv_has_a_column_per_attribute(demo_cli):
    demo_cli("participants", "set", "FW-01", "group=one;two")  # clashes with the group column
    out = demo_cli("participants", "list", "--format", "csv").stdout
    assert "{" not in out and "}" not in out
    rows = _csv(out)
    head = list(rows[0])
    assert head[:4] == ["participant", "group", "consent", "sources"]
    assert "gender" in head and "disclosure_barriers" in head and "attr_group" in head
    fw01 = next(r for r in rows if r["participant"] == "FW-01")
    assert fw01["group"] == "frontline worker" and fw01["attr_group"] == "one; two"
    assert fw01["gender"] == "woman"
    assert fw01["disclosure_barriers"].count("; ") == 2  # a multi-select answer
    assert fw01["age"] == ""  # not asked of this group
    md = demo_cli("participants", "list", "--format", "md").stdout.splitlines()
    assert md[0].startswith("| participant | group | consent | sources | age |")
    assert "{" not in "".join(md)


def test_participants_without_attributes_give_plain_csv(cli, tmp_path):
    for pid in ("VoS-AL-01", "VoS-AL-02"):
        f = tmp_path / f"{pid}.txt"
        f.write_text(f"Interviewer: How was it?\n\nParticipant: It was fine, said {pid}.\n", encoding="utf-8")
        cli("import", f)
    out = cli("participants", "list", "--format", "csv").stdout
    assert out == ("participant,group,consent,sources\n"
                   "VoS-AL-01,survivor,active,1\nVoS-AL-02,survivor,active,1\n")


def test_a_dict_is_never_printed_as_python(demo_cli):
    out = demo_cli("participants", "show", "FW-01", "--format", "csv").stdout
    row = _csv(out)[0]
    assert row["attributes"].startswith("gender=woman, ")
    assert "{" not in out and "'" not in row["attributes"]


def test_a_narrow_table_keeps_its_title_on_one_line(demo_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = demo_cli("stats", "attributes").stdout
    lines = out.splitlines()
    title = next(i for i, line in enumerate(lines) if "area_served" in line)
    assert lines[title].strip() == "area_served (57 participants)"
    assert lines[title + 1].startswith("┏")  # the table follows at once
    assert len(lines[title + 1]) >= len("area_served (57 participants)")
