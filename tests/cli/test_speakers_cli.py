"""Speaker labels are pseudonymised with the text at import, consistently,
and checked by `vos-coder check` where they were not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vos_coder.privacy.keyfile import load_key
from vos_coder.store import Project

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


# -- an unlisted name as a speaker prefix in .txt and .docx (issue 12) --------------------------
PREFIXED = ("Interviewer: Who answered when you called?\n\n"
            "Serafina: A woman from the helpline. She explained what happens next.\n\n"
            "Interviewer: And afterwards?\n\n"
            "Serafina: Afterwards I slept better.\n")


def _docx(tmp_path: Path, table: bool) -> Path:
    import docx

    d = docx.Document()
    blocks = [b.split(": ", 1) for b in PREFIXED.strip().split("\n\n")]
    if table:
        t = d.add_table(rows=len(blocks), cols=2)
        for row, (who, said) in zip(t.rows, blocks, strict=True):
            row.cells[0].text, row.cells[1].text = who, said
    else:
        for who, said in blocks:
            d.add_paragraph(f"{who}: {said}")
    path = tmp_path / "VoS-AL-07.docx"
    d.save(path)
    return path


def _planted(cli, tmp_path: Path, fmt: str) -> Path:
    if fmt == "txt":
        path = tmp_path / "VoS-AL-07.txt"
        path.write_text(PREFIXED, encoding="utf-8")
        return path
    return _docx(tmp_path, table=fmt == "docx table")


@pytest.mark.parametrize("fmt", ["txt", "docx", "docx table"])
def test_an_unlisted_speaker_prefix_is_pseudonymised_and_never_leaves(cli, tmp_path, fmt):
    """An adversary's transcript: a name on no list as the speaker prefix of
    each answer. It is a speaker label, replaced in the label and the text,
    added to the key file, and no stored byte or export holds it."""
    r = cli("import", _planted(cli, tmp_path, fmt), "--pseudonymise", "--yes")
    assert "added 1 speaker name(s)" in r.stderr
    speakers = [s for (s,) in cli.rows("SELECT speaker FROM turns ORDER BY n")]
    assert speakers == ["Interviewer", "[NAME-1]", "Interviewer", "[NAME-1]"]
    text = cli.rows("SELECT text FROM sources")[0][0]
    assert "[NAME-1]: A woman from the helpline." in text
    assert b"Serafina" not in raw(cli.db)
    key = load_key(tmp_path / "project.key")
    assert ("VoS-AL-07", "person", "Serafina") in \
        {(i.participant, i.kind, i.value) for i in key.identifiers}
    with Project.open(cli.db) as p:
        start = text.index("[NAME-1]: A woman")
        p.code(1, start, text.index(" She explained"), p.themes()[1].path)
        p.set_quote_status("Q-001", "approved")
    assert cli("check").exit_code == 0
    for args in (("export", "codings", "--out", tmp_path / "c.csv"),
                 ("export", "quotes", "--out", tmp_path / "q.md")):
        cli(*args)
        assert "Serafina" not in Path(args[-1]).read_text("utf-8")


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_check_reports_an_unlisted_speaker_prefix_imported_in_clear(cli, tmp_path, fmt):
    cli("import", _planted(cli, tmp_path, fmt))  # no --pseudonymise: the label stays
    with Project.open(cli.db) as p:
        text = PREFIXED if fmt == "txt" else cli.rows("SELECT text FROM sources")[0][0]
        p.code(1, text.index("A woman"), text.index(" She explained"), p.themes()[1].path)
    r = cli("check", "--format", "json", ok=False)
    assert r.exit_code == 1
    hits = [h for h in json.loads(r.stdout) if h["matched"] == "Serafina"]
    assert {h["where"] for h in hits} == {"source 1 turn 2 speaker", "source 1 turn 4 speaker"}
    assert all(h["kind"] == "speaker name" and "on no list" in h["how"] and not h["advisory"]
               for h in hits)
    r = cli("export", "codings", "--out", tmp_path / "c.csv", ok=False)
    assert r.exit_code == 1 and "'Serafina'" in r.stderr and not (tmp_path / "c.csv").exists()
    cli("check", "dismiss", *(h["hit"] for h in hits))
    assert cli("check").exit_code == 0


def test_role_words_and_numbered_speakers_are_not_taken_for_names(cli, tmp_path):
    text = ("Interviewer: Who came with you?\n\nParticipant: My mother.\n\n"
            "Mother: I wanted to be there.\n\nInterviewer: Thank you.\n")
    (tmp_path / "VoS-AL-08.txt").write_text(text, encoding="utf-8")
    r = cli("import", tmp_path / "VoS-AL-08.txt", "--pseudonymise", "--yes")
    assert "speaker name" not in r.stderr
    assert [s for (s,) in cli.rows("SELECT speaker FROM turns ORDER BY n")] == \
        ["Interviewer", "Participant", "Mother", "Interviewer"]
    assert "Participant: My mother." in cli.rows("SELECT text FROM sources")[0][0]
    assert cli("check").exit_code == 0
