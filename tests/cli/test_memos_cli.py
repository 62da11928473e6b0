"""`vos-coder memos add|list|edit|delete`, memos in query, --with-memos exports."""

from __future__ import annotations

import json


def test_memos_round_trip_through_the_cli(cli):
    r = cli("memos", "add", "Silence runs through the family stories", "--theme", "Culture of silence",
            "--author", "amira", "--format", "json")
    [made] = json.loads(r.stdout)
    assert made["on"] == "theme" and made["author"] == "amira"
    assert made["target"].endswith("Culture of silence")
    cli("memos", "add", "A note on the whole study")
    listed = json.loads(cli("memos", "list", "--format", "json").stdout)
    assert [m["text"] for m in listed] == ["Silence runs through the family stories", "A note on the whole study"]
    only = json.loads(cli("memos", "list", "--theme", "Culture of silence", "-f", "json").stdout)
    assert [m["id"] for m in only] == [made["id"]]
    cli("memos", "edit", str(made["id"]), "Silence, and who keeps it")
    assert cli.rows("SELECT text, author FROM memos WHERE id = ?", [made["id"]]) == [
        ("Silence, and who keeps it", "amira")]
    r = cli("memos", "delete", str(made["id"]))
    assert "deleted memo" in r.stdout
    assert cli.rows("SELECT count(*) FROM memos") == [(1,)]
    csv_out = cli("memos", "list", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "id,on,target,author,updated_at,text"


def test_bad_memo_commands_say_what_is_wrong_and_change_nothing(cli):
    before = cli.dump()
    r = cli("memos", "add", "x", "--theme", "Culture of silenc", ok=False)
    assert r.exit_code != 0 and "did you mean" in r.stderr and "Traceback" not in r.output
    r = cli("memos", "add", "   ", ok=False)
    assert r.exit_code != 0 and "cannot be empty" in r.stderr
    r = cli("memos", "edit", "7", "new", ok=False)
    assert r.exit_code != 0 and "no memo named '7'" in r.stderr
    r = cli("memos", "delete", "7", ok=False)
    assert r.exit_code != 0
    r = cli("memos", "add", "x", "--theme", "Culture of silence", "--participant", "VoS-AL-01", ok=False)
    assert "only one" in r.stderr
    assert cli.dump() == before


def test_query_json_and_csv_carry_memos(demo_cli):
    demo_cli("memos", "add", "Check the timeline", "--quote", "Q-001", "--author", "amira")
    rows = json.loads(demo_cli("query", "--format", "json").stdout)
    q1 = next(r for r in rows if r["quote"] == "Q-001")
    assert [m["text"] for m in q1["memos"]] == ["Check the timeline"]
    assert all(r["memos"] == [] for r in rows if r["quote"] != "Q-001")
    out = demo_cli("query", "--format", "csv").stdout
    assert out.splitlines()[0].endswith(",memos") and "amira: Check the timeline" in out


def test_query_status_filter(demo_cli):
    rows = json.loads(demo_cli("query", "--status", "approved", "-f", "json").stdout)
    assert rows and all(r["status"] == "approved" for r in rows)
    r = demo_cli("query", "--status", "aproved", ok=False)
    assert r.exit_code != 0 and "choose candidate, approved, excluded" in r.stderr


def test_exports_with_memos_print_them_and_gate_them(demo_cli, tmp_path):
    demo_cli("memos", "add", "Check the timeline", "--quote", "Q-001", "--author", "amira")
    demo_cli("memos", "add", "Silence and who keeps it", "--theme", "Culture of silence")
    plain = tmp_path / "plain.md"
    demo_cli("export", "quotes", "--out", str(plain))
    assert "Check the timeline" not in plain.read_text()
    md = tmp_path / "with.md"
    demo_cli("export", "quotes", "--out", str(md), "--with-memos")
    text = md.read_text()
    assert "Memo (amira): Check the timeline" in text and "Silence and who keeps it" in text
    cb = tmp_path / "cb.json"
    demo_cli("themes", "export", "--out", str(cb), "--with-memos")
    data = json.loads(cb.read_text())
    found = [n for top in data["themes"] for n in top.get("children", []) if n.get("memos")]
    assert [n["name"] for n in found] == ["Culture of silence"]
    # an identifier planted in a memo stops both exports, and nothing is written
    demo_cli("memos", "add", "Her phone is +355 69 222 3344", "--quote", "Q-001")
    for args, out in ((("export", "quotes"), tmp_path / "gated.md"),
                      (("themes", "export"), tmp_path / "gated.json")):
        target = out
        if args[0] == "themes":
            demo_cli("memos", "add", "call +355 69 222 3344", "--theme", "Culture of silence")
        r = demo_cli(*args, "--out", str(target), "--with-memos", ok=False)
        assert r.exit_code != 0 and "+355 69 222 3344" in r.stderr
        assert not target.exists()
        assert not list(tmp_path.glob("*.part"))


def test_query_table_shows_memos_when_there_are_some(demo_cli):
    plain = demo_cli("query", "--theme", "Culture of silence").stdout
    assert "memos" not in plain  # no memo yet: no empty column
    demo_cli("memos", "add", "Check the timeline [twice]", "--quote", "Q-001", "--author", "amira")
    out = demo_cli("query", "--theme", "Culture of silence").stdout
    header = next(line for line in out.splitlines() if "participant" in line)
    assert header.rstrip("┃ ").endswith("memos")
    cells = "".join(line.split("│")[-2] for line in out.splitlines() if line.count("│") > 2)
    assert " ".join(cells.split()) == "amira: Check the timeline [twice]"  # brackets as written, once
