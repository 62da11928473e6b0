"""The same transcript text under another participant is an error naming both
(nothing stored, exit 1) unless --allow-duplicate stores it again."""

from __future__ import annotations

from tests.cli.conftest import Cli

TEXT = ("Interviewer: Who did you tell first?\n\n"
        "Participant: A teacher at school. She listened and called the hotline with me.\n")


def _cli(tmp_path) -> Cli:
    cli = Cli(tmp_path / "p.db")
    cli("init")
    return cli


def test_text_stored_under_another_participant_is_an_error_naming_both(tmp_path):
    cli = _cli(tmp_path)
    first, second = tmp_path / "VoS-AL-01.txt", tmp_path / "VoS-AL-02.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT, encoding="utf-8")
    cli("import", first)
    before = cli.dump()
    r = cli("import", second, ok=False)
    assert r.exit_code == 1
    assert ("Error: VoS-AL-02.txt: the same text is already stored under VoS-AL-01 (source 1, "
            "'VoS-AL-01'), so it was not stored for VoS-AL-02") in r.stderr
    assert "--allow-duplicate" in r.stderr and "1 of 1 file(s) failed" in r.stderr
    assert cli.dump() == before
    assert cli.rows("SELECT pid FROM participants") == [("VoS-AL-01",)]


def test_allow_duplicate_stores_it_again_for_the_named_participant(tmp_path):
    cli = _cli(tmp_path)
    first = tmp_path / "VoS-AL-01.txt"
    first.write_text(TEXT, encoding="utf-8")
    cli("import", first)
    r = cli("import", first, "--participant", "VoS-AL-03", "--allow-duplicate", "-v")
    assert "VoS-AL-01.txt -> VoS-AL-03 (source 2)" in r.stdout
    assert cli.rows("SELECT p.pid, s.text = ? FROM sources s JOIN participants p "
                    "ON p.id = s.participant_id ORDER BY s.id", [TEXT]) == [
        ("VoS-AL-01", 1), ("VoS-AL-03", 1)]
    [(details,)] = cli.rows("SELECT details FROM audit_log WHERE action = 'import' "
                            "ORDER BY id DESC LIMIT 1")
    assert '"duplicate": true' in details


def test_the_same_file_for_the_same_participant_is_still_a_quiet_skip(tmp_path):
    cli = _cli(tmp_path)
    first = tmp_path / "VoS-AL-01.txt"
    first.write_text(TEXT, encoding="utf-8")
    cli("import", first)
    r = cli("import", first, "-v")  # exit 0: it is stored, for the participant named
    assert r.stderr.startswith("skipped VoS-AL-01: same text as source 1")
    assert cli.rows("SELECT count(*) FROM sources") == [(1,)]


def test_one_refused_duplicate_does_not_stop_the_other_files(tmp_path):
    cli = _cli(tmp_path)
    a, b, c = (tmp_path / f"VoS-AL-0{n}.txt" for n in (1, 2, 3))
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(TEXT, encoding="utf-8")
    c.write_text(TEXT.replace("teacher", "nurse"), encoding="utf-8")
    r = cli("import", a, b, c, ok=False)
    assert r.exit_code == 1 and "1 of 3 file(s) failed" in r.stderr
    assert cli.rows("SELECT pid FROM participants ORDER BY pid") == [("VoS-AL-01",), ("VoS-AL-03",)]
