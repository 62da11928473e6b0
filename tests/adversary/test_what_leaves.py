"""One definition of what leaves: every exporter, every field.

A fictional project holds one distinct made-up word in each field an export
can write (source text, coded passage, display text, memos, speaker label,
theme name and notes, participant identifier, group name and label,
attribute name and value, source title and file name, study and codebook
names, coder name). For each field a key file registers that one word as an
identifier; every exporter is run against it and must either refuse (the
gate's exit 1, no file) or write a file that does not hold the word. A
control run with an empty identifier list shows each word does reach some
export, so the table cannot pass by exporting nothing.

Adding an exporter: add a row to EXPORTERS. A command with an --out option
that is in no row fails test_every_command_that_writes_a_file_is_in_the_table.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vos_coder.cli import app
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.core.text import normalise
from vos_coder.privacy.disclosure import check_project
from vos_coder.privacy.keyfile import KeyFile, create_key
from vos_coder.store import Project

# field -> the made-up word planted there (the identifier its key file registers)
FIELDS = {
    "source text": "Quillfen",
    "coded passage": "Marrowby",
    "display text": "Klodian",
    "excerpt memo": "Tessaly",
    "theme memo": "Orvindel",
    "speaker label": "Wexley",
    "theme name": "Brambleton",
    "theme description": "Cobbleworth",
    "theme inclusion": "Dunsparrow",
    "theme exclusion": "Eldermire",
    "participant id": "Fennick",
    "group name": "Gorsewick",
    "group label": "Hollowmere",
    "attribute name": "Ivybridge",
    "attribute value": "Jasperholm",
    "source title": "Kestrelford",
    "source file name": "Lindqvale",
    "study name": "Mistlecombe",
    "codebook name": "Nettlefold",
    "coder name": "Pellinore",
}

SECRET = "5eed" * 16  # one secret for every key file of this test (see build)

TEXT = normalise(
    "Interviewer: Who helped you first?\n\n"
    "Participant: The counsellor at the centre listened to me. Marrowby was where we met.\n\n"
    "Interviewer: And the helpline?\n\n"
    "Participant: I called the helpline and they explained what happens after a report.\n\n"
    "Interviewer: Anything else?\n\n"
    "Participant: Later we moved away from Quillfen and I felt calmer.\n")
TEXT_F = normalise("Participant: The school psychologist was kind and kept it quiet.\n")
SURVEY = normalise("More training for teachers on how to listen.")


def _turns(text: str, speaker_for_participant: str) -> tuple[Turn, ...]:
    turns, start = [], 0
    for n, block in enumerate(text.rstrip("\n").split("\n\n"), start=1):
        who = "Interviewer" if block.startswith("Interviewer") else speaker_for_participant
        turns.append(Turn(n, who, start, start + len(block)))
        start += len(block) + 2
    return tuple(turns)


def build(path: Path) -> None:
    """The fictional project, every field holding its planted word."""
    p = Project.create(path, codebook="empty")
    try:
        p.set_setting("study", "Mistlecombe study")
        p.set_setting("codebook_name", "Nettlefold codebook")
        p.add_theme("Support services", description="Help that exists.")
        p.add_theme("Brambleton", "Support services", description="Cobbleworth notes.",
                    inclusion="Dunsparrow talk.", exclusion="Eldermire reports.")
        p.add_theme("Awareness of hotlines", "Support services")
        p.set_group("frontline worker", attribution="anonymous", label="a Hollowmere worker")
        a = p.add_source("VoS-AL-04", "Kestrelford interview", ParsedSource(TEXT, _turns(TEXT, "Wexley")),
                         origin="Lindqvale.vtt")
        f = p.add_source("Fennick", "conversation", ParsedSource(TEXT_F, _turns(TEXT_F, "Participant")),
                         group="Gorsewick")
        w = p.add_source("FW-01", "FW-01 answer", ParsedSource(SURVEY, (), "survey answer"),
                         group="frontline worker")
        p.set_attributes("VoS-AL-04", {"town": "Jasperholm", "Ivybridge": "yes"})
        p.set_attributes("FW-01", {"town": "Tirana"})

        def code(sid: int, text: str, words: str, themes: list[str], coder: str = "ana") -> None:
            start = text.index(words)
            p.code(sid, start, start + len(words), themes, coder)

        code(a.id, TEXT, "The counsellor at the centre listened to me. Marrowby was where we met.",
             ["Support services/Brambleton", "Support services/Awareness of hotlines"])
        code(a.id, TEXT, "I called the helpline and they explained what happens after a report.",
             ["Support services/Awareness of hotlines", "Support services/Brambleton"], "Pellinore")
        code(f.id, TEXT_F, "The school psychologist was kind and kept it quiet.",
             ["Support services/Brambleton"])
        code(w.id, SURVEY, SURVEY, ["Support services/Awareness of hotlines"])
        with p.transaction():
            p.db.execute("UPDATE quotes SET status = 'approved'")
        p.set_display_text("Q-002", "I called the helpline and [KLODIAN] explained what happens "
                                     "after a report.")
        first = p.q1("SELECT min(id) FROM excerpts WHERE source_id = ?", [a.id])
        p.add_memo("excerpt", first, "Tessaly came up again here.", "ana")
        p.add_memo("theme", p.theme("Support services/Brambleton").id, "Orvindel is a good example.",
                   "ana")
        # The speaker label is a name on no list in every key but its own, so the
        # check reports it as a "speaker name" there; that one hit is dismissed
        # (the keys share a secret), so each run tests its own field. Listed, the
        # same label is a "person" hit, another id, which this does not dismiss.
        unlisted = [h for h in check_project(p, KeyFile(path.with_suffix(".key"), secret=SECRET))
                    if h.kind == "speaker name"]
        assert {h.matched for h in unlisted} == {FIELDS["speaker label"]}
        for h in unlisted:
            p.dismiss_hit(h.fingerprint)
    finally:
        p.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("leaves") / "project.db"
    build(path)
    return path


@pytest.fixture
def db(template, tmp_path) -> Path:
    path = tmp_path / "project.db"
    shutil.copy(template, path)
    create_key(path)
    return path


def key_for(tmp_path: Path, word: str | None) -> Path:
    path = tmp_path / f"{word or 'empty'}.key"
    if not path.exists():
        k = KeyFile(path, secret=SECRET)
        if word:
            k.add("person", word)
        k.save()
    return path


# name -> the arguments after the command (the output file is the last --out); the
# file's suffix says its format.
EXPORTERS: dict[str, tuple[str, ...]] = {
    "export quotes md": ("export", "quotes", "--out", "q.md"),
    "export quotes md with memos": ("export", "quotes", "--with-memos", "--out", "qm.md"),
    "export quotes html": ("export", "quotes", "--out", "q.html"),
    "export quotes csv": ("export", "quotes", "--out", "q.csv"),
    "export quotes json": ("export", "quotes", "--out", "q.json"),
    "export quotes docx": ("export", "quotes", "--out", "q.docx"),
    "export codings csv": ("export", "codings", "--out", "c.csv"),
    "export codings xlsx": ("export", "codings", "--out", "c.xlsx"),
    "export codings json": ("export", "codings", "--out", "c.json"),
    "export matrix csv": ("export", "matrix", "--out", "m.csv"),
    "export matrix xlsx": ("export", "matrix", "--out", "m.xlsx"),
    "qdpx export": ("qdpx", "export", "--out", "p.qdpx"),
    "themes export yaml": ("themes", "export", "--out", "t.yaml"),
    "themes export yaml with memos": ("themes", "export", "--with-memos", "--out", "tm.yaml"),
    "themes export json": ("themes", "export", "--out", "t.json"),
    "themes export qdc": ("themes", "export", "--out", "t.qdc"),
    "themes export taguette": ("themes", "export", "--format", "taguette-csv", "--out", "t.csv"),
    "stats themes --out": ("stats", "themes", "--out", "s.docx"),
    "stats themes --by attribute --out": ("stats", "themes", "--by", "town", "--out", "sb.docx"),
    "stats themes --by group --out": ("stats", "themes", "--by", "group", "--out", "sg.docx"),
    "stats cooccurrence --out": ("stats", "cooccurrence", "--out", "sc.docx"),
    "stats attributes --out": ("stats", "attributes", "--out", "sa.docx"),
    "chart themes --out": ("chart", "themes", "--out", "ct.svg"),
    "chart attributes --out": ("chart", "attributes", "town", "--out", "ca.svg"),
    "chart attributes (name) --out": ("chart", "attributes", "Ivybridge", "--out", "ci.svg"),
    "chart cooccurrence --out": ("chart", "cooccurrence", "--out", "cc.svg"),
}
# Fields no export writes (the check scans them all the same).
NEVER_WRITTEN = {"source file name": "kept for the audit trail; no export writes it"}
# Commands with an --out option that are not exports of the project's content.
NOT_EXPORTS = {"backup": "a 0600 copy of the whole project, for the lead; not published"}


def run(db: Path, tmp_path: Path, args: tuple[str, ...], key: Path):
    out = tmp_path / args[-1]
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(app, [*args[:-1], str(out), "--db", str(db), "--key", str(key)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback reached the user: {result.exception!r}")
    return result, out


def written_text(path: Path) -> str:
    """Everything in the file a reader could see: zip members unpacked."""
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("exporter", list(EXPORTERS))
def test_every_exporter_refuses_or_never_writes_each_field(db, tmp_path, exporter):
    args = EXPORTERS[exporter]
    control, out = run(db, tmp_path, args, key_for(tmp_path, None))
    assert control.exit_code == 0, control.output + control.stderr
    written = written_text(out).casefold()
    for field, word in FIELDS.items():
        result, out = run(db, tmp_path, args, key_for(tmp_path, word))
        if result.exit_code == 0:
            assert word.casefold() not in written_text(out).casefold(), \
                f"{exporter} wrote the {field} ({word}) past the gate"
            assert word.casefold() not in written, f"{exporter}: the control run wrote {word}"
        else:
            assert result.exit_code == 1 and "disclosure hit" in result.stderr, result.stderr
            assert word.casefold() in result.stderr.casefold(), result.stderr  # names what it found
            assert not out.exists(), f"{exporter} refused but left {out.name}"


def test_every_field_reaches_some_export_without_the_gate(db, tmp_path):
    """The control: with an empty identifier list each planted word is in
    some exported file, so the table above tests something."""
    seen = ""
    for args in EXPORTERS.values():
        result, out = run(db, tmp_path, args, key_for(tmp_path, None))
        assert result.exit_code == 0, result.stderr
        seen += written_text(out).casefold()
    missing = [f for f, w in FIELDS.items() if w.casefold() not in seen]
    assert missing == list(NEVER_WRITTEN), f"no export writes: {missing}"


@pytest.mark.parametrize("field", list(FIELDS))
def test_check_finds_each_field_and_says_where(db, tmp_path, field):
    import json

    result = CliRunner().invoke(app, ["check", "--db", str(db), "--key", str(key_for(tmp_path, FIELDS[field])),
                                      "--format", "json"])
    assert result.exit_code == 1, result.stderr
    hits = json.loads(result.stdout)
    assert hits and all(FIELDS[field].casefold() in h["matched"].casefold() for h in hits)
    assert all(h["where"] for h in hits)


def _commands(group, prefix=()):
    import click

    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))
            if any(p.name == "out" for p in cmd.params):
                yield (*prefix, name), cmd
        else:
            yield (*prefix, name), cmd


def test_every_command_that_writes_a_file_is_in_the_table():
    import typer

    covered = {" ".join(a[:2]) for a in EXPORTERS.values()}
    writers = {" ".join(path) for path, cmd in _commands(typer.main.get_command(app))
               if any(p.name == "out" for p in cmd.params)}
    assert writers, "no command with --out found: the walk over the CLI is broken"
    missing = writers - covered - set(NOT_EXPORTS)
    assert not missing, f"commands that write files but are in no row of EXPORTERS: {missing}"
