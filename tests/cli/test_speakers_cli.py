"""Speaker labels are pseudonymised with the text at import, consistently,
and checked by `vos-coder check` where they were not."""

from __future__ import annotations

import json
from pathlib import Path

from vos_coder.privacy.keyfile import load_key

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Elira Dushku>How did you hear about the helpline?

00:00:05.000 --> 00:00:09.000
<v Ardita Hoxha>A teacher told me. Ardita, she said, you can call them.

00:00:10.000 --> 00:00:12.000
<v Ardita Hoxha>So I called in the evening.
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
Genta: I was not sure anyone would listen.

2
00:00:04,000 --> 00:00:06,000
Interviewer: And then?

3
00:00:07,000 --> 00:00:09,000
Genta: Then the counsellor called back.
"""


def raw(db: Path) -> bytes:
    return b"".join(Path(f"{db}{s}").read_bytes() for s in ("", "-wal", "-shm")
                    if Path(f"{db}{s}").exists())


def test_vtt_voices_become_the_same_placeholder_as_the_name_in_the_text(cli, tmp_path):
    cli("identifiers", "add", "Ardita Hoxha", "--participant", "VoS-AL-04")
    (tmp_path / "VoS-AL-04.vtt").write_text(VTT, encoding="utf-8")
    r = cli("import", tmp_path / "VoS-AL-04.vtt", "--pseudonymise", "--yes")
    assert "added 1 speaker name(s)" in r.stderr  # Elira Dushku was on no list
    speakers = [s for (s,) in cli.rows("SELECT speaker FROM turns ORDER BY n")]
    assert speakers == ["[NAME-2]", "[NAME-1]", "[NAME-1]"]
    text = cli.rows("SELECT text FROM sources")[0][0]
    assert "[NAME-1]: A teacher told me. [NAME-1], she said" in text
    assert text.startswith("[NAME-2]: How did you hear")
    data = raw(cli.db)
    for name in ("Ardita", "Hoxha", "Elira", "Dushku"):
        assert name.encode() not in data
    key = load_key(tmp_path / "project.key")
    assert ("VoS-AL-04", "person", "Elira Dushku", "[NAME-2]") in \
        {(i.participant, i.kind, i.value, i.placeholder) for i in key.identifiers}
    assert cli("check").exit_code == 0


def test_srt_name_prefixes_are_replaced_roles_are_kept(cli, tmp_path):
    (tmp_path / "VoS-AL-05.srt").write_text(SRT, encoding="utf-8")
    cli("import", tmp_path / "VoS-AL-05.srt", "--pseudonymise", "--yes")
    speakers = [s for (s,) in cli.rows("SELECT speaker FROM turns ORDER BY n")]
    assert speakers == ["[NAME-1]", "Interviewer", "[NAME-1]"]
    assert b"Genta" not in raw(cli.db)


def test_check_flags_a_speaker_label_that_kept_a_name(cli, tmp_path):
    (tmp_path / "VoS-AL-04.vtt").write_text(VTT, encoding="utf-8")
    cli("import", tmp_path / "VoS-AL-04.vtt")  # no --pseudonymise: names stay
    cli("identifiers", "add", "Ardita Hoxha", "--participant", "VoS-AL-04")
    r = cli("check", "--format", "json", ok=False)
    assert r.exit_code == 1
    wheres = {h["where"] for h in json.loads(r.stdout) if h["matched"] == "Ardita Hoxha"}
    assert {"source 1 turn 2 speaker", "source 1 turn 3 speaker"} <= wheres


def test_without_a_key_file_speakers_are_still_replaced(cli, tmp_path):
    (tmp_path / "project.key").unlink()
    (tmp_path / "VoS-AL-05.srt").write_text(SRT, encoding="utf-8")
    cli("import", tmp_path / "VoS-AL-05.srt", "--pseudonymise", "--yes")
    assert b"Genta" not in raw(cli.db)
    assert not (tmp_path / "project.key").exists()
