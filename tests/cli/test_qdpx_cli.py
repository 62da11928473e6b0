"""`vos-coder qdpx`, `themes export --format qdc`/`themes import X.qdc`,
`export codings` and `export matrix`, driven through the real CLI."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.refi.conftest import assert_valid_project, dump, make_qdpx, qde, snapshot
from vos_coder.cli import app
from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.privacy.keyfile import create_key
from vos_coder.store import Project

TEXT = normalise("Intervistuesja: Po tani?\nVoS-AL-03: Tani e di ku të shkoj. Linja 116 ndihmon 🙂\n")


def run(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback reached the user: {result.exception!r}")
    return result


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "p.db"
    create_key(path)  # the lead's copy: an (empty) identifier list beside the project
    with Project.create(path, codebook="empty") as p:
        p.add_theme("Support services", description="Help that exists.", colour="#54a24b")
        p.add_theme("Hotlines", "Support services")
        src = p.add_source("VoS-AL-03", "VoS-AL-03", ParsedSource(TEXT))
        p.set_attributes("VoS-AL-03", {"town_type": "rural"})
        start = TEXT.index("Linja 116")
        p.code(src.id, start, start + len("Linja 116 ndihmon 🙂"), ["Support services/Hotlines"],
               coder="ana")
    return path


def test_qdpx_export_then_import_into_a_new_project(db, tmp_path):
    out = tmp_path / "p.qdpx"
    r = run("qdpx", "export", "--out", out, "--db", db)
    assert r.exit_code == 0, r.output
    assert "wrote" in r.stdout and "1 coding(s)" in r.stdout
    assert_valid_project(zipfile.ZipFile(out).read("project.qde"))
    new = tmp_path / "new.db"
    r = run("qdpx", "import", out, "--init", "--db", new)
    assert r.exit_code == 0, r.output
    assert "imported p.qdpx: 1 source(s), 2 new theme(s), 1 new participant(s)" in r.stdout
    with Project.open(db) as a, Project.open(new) as b:
        assert snapshot(a) == snapshot(b)


def test_qdpx_export_refuses_to_overwrite_and_wrong_suffix(db, tmp_path):
    out = tmp_path / "p.qdpx"
    out.write_text("keep me")
    r = run("qdpx", "export", "--out", out, "--db", db)
    assert r.exit_code != 0 and "pass --force" in r.stderr
    assert out.read_text() == "keep me"
    r = run("qdpx", "export", "--out", tmp_path / "p.zip", "--db", db)
    assert r.exit_code != 0 and "ends in .qdpx" in r.stderr


def _hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    body = ('<Sources><TextSource guid="11111111-1111-1111-1111-111111111111" name="A" '
            'plainTextPath="internal://a.txt"/></Sources>')
    notzip = tmp_path / "notzip.qdpx"
    notzip.write_bytes(b"just some bytes")
    return {
        "slip": (make_qdpx(tmp_path / "slip.qdpx", qde(body), {"a.txt": b"Hi."},
                           [("../x.txt", b"x")]), "zip slip"),
        "bomb": (make_qdpx(tmp_path / "bomb.qdpx", qde(body), {"a.txt": b"\0" * (16 << 20)}),
                 "zip bomb"),
        "dtd": (make_qdpx(tmp_path / "dtd.qdpx", b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e '
                          b'SYSTEM "file:///etc/passwd">]><Project name="&e;"/>'), "DTD"),
        "malformed": (make_qdpx(tmp_path / "bad.qdpx", b"<Project><Users>"), "not well-formed"),
        "notzip": (notzip, "is not a .qdpx file"),
    }


@pytest.mark.parametrize("kind", ["slip", "bomb", "dtd", "malformed", "notzip"])
def test_hostile_archives_give_one_line_and_change_nothing(db, tmp_path, kind):
    path, fragment = _hostile(tmp_path)[kind]
    before = dump(db)
    r = run("qdpx", "import", path, "--db", db)
    assert r.exit_code != 0
    assert fragment in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.output
    assert dump(db) == before


def test_failed_import_with_init_leaves_no_project_file(tmp_path):
    path, _ = _hostile(tmp_path)["dtd"]
    new = tmp_path / "never.db"
    r = run("qdpx", "import", path, "--init", "--db", new)
    assert r.exit_code != 0
    assert not new.exists()


def test_unsupported_sources_are_listed(db, tmp_path):
    body = ('<Sources><PDFSource guid="11111111-1111-1111-1111-111111111111" name="Leaflet.pdf"/>'
            '<VideoSource guid="11111111-1111-1111-1111-111111111112" name="Clip.mp4"/></Sources>')
    r = run("qdpx", "import", make_qdpx(tmp_path / "m.qdpx", qde(body)), "--db", db)
    assert r.exit_code == 0
    assert "skipped: PDF source 'Leaflet.pdf'" in r.stderr
    assert "skipped: video source 'Clip.mp4'" in r.stderr


def test_themes_export_qdc_and_import(db, tmp_path):
    out = tmp_path / "book.qdc"
    r = run("themes", "export", "--format", "qdc", "--out", out, "--db", db)
    assert r.exit_code == 0 and "2 theme(s)" in r.stdout
    assert out.read_bytes().startswith(b"<?xml")
    new = tmp_path / "new.db"
    Project.create(new, codebook="empty").close()
    r = run("themes", "import", out, "--db", new)
    assert r.exit_code == 0 and "2 theme(s) added, 0 updated" in r.stdout
    with Project.open(new) as p:
        assert [(t.path, t.colour, t.description) for t in p.themes()] == [
            ("Support services", "#54a24b", "Help that exists."),
            ("Support services/Hotlines", p.themes()[1].colour, "")]
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook")
    before = dump(new)
    r = run("themes", "import", bad, "--db", new)
    assert r.exit_code != 0 and "not well-formed" in r.stderr and dump(new) == before


def test_export_codings_in_every_format(db, tmp_path):
    for fmt in ("csv", "json", "xlsx"):
        out = tmp_path / f"codings.{fmt}"
        r = run("export", "codings", "--format", fmt, "--out", out, "--db", db)
        assert r.exit_code == 0, r.output
        assert "1 coding(s)" in r.stdout
    rows = list(csv.DictReader((tmp_path / "codings.csv").open(encoding="utf-8", newline="")))
    assert rows[0]["text"] == "Linja 116 ndihmon 🙂" and rows[0]["town_type"] == "rural"
    assert rows[0]["theme"] == "Support services/Hotlines" and rows[0]["coder"] == "ana"
    assert json.loads((tmp_path / "codings.json").read_text())[0]["participant"] == "VoS-AL-03"
    ws = load_workbook(tmp_path / "codings.xlsx")["codings"]
    assert ws["A2"].value == "VoS-AL-03"


def test_export_matrix_and_bad_options(db, tmp_path):
    out = tmp_path / "m.csv"
    r = run("export", "matrix", "--out", out, "--db", db)
    assert r.exit_code == 0 and "1 participant(s) x 2 theme(s)" in r.stdout
    row = next(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert row["Support services"] == "1" and row["Support services/Hotlines"] == "1"
    r = run("export", "matrix", "--format", "json", "--out", tmp_path / "m.json", "--db", db)
    assert r.exit_code != 0
    r = run("export", "codings", "--format", "xlsx", "--out", tmp_path / "c.csv", "--db", db)
    assert r.exit_code != 0 and "writes .xlsx files" in r.stderr
    r = run("export", "matrix", "--group", "nobody", "--out", tmp_path / "g.csv", "--db", db)
    assert r.exit_code != 0 and "no group named 'nobody'" in r.stderr


@pytest.mark.parametrize("command", [["qdpx", "export"], ["qdpx", "import"],
                                     ["export", "codings"], ["export", "matrix"]])
def test_help_has_an_example(command):
    r = run(*command, "--help")
    assert r.exit_code == 0 and "Example: vos-coder" in r.stdout


def test_exports_go_through_the_disclosure_gate(db, tmp_path, monkeypatch):
    from vos_coder.errors import DisclosureBlocked

    seen: list[str] = []

    def block(project, items, allow_flagged=False, what="export", options=None):
        seen.extend(i.text for i in items)
        if not (allow_flagged or (options and options.allow_flagged)):
            raise DisclosureBlocked(f"{what}: 1 passage names a person; check it first")

    monkeypatch.setattr("vos_coder.cli.qdpx.pre_export", block)
    monkeypatch.setattr("vos_coder.exporters.analysis_tables.pre_export", block)
    r = run("qdpx", "export", "--out", tmp_path / "p.qdpx", "--db", db)
    assert r.exit_code != 0 and "qdpx export: 1 passage names a person" in r.stderr
    assert not (tmp_path / "p.qdpx").exists()
    assert TEXT in seen and "Linja 116 ndihmon 🙂" in seen  # sources and excerpts are checked
    r = run("export", "codings", "--out", tmp_path / "c.csv", "--db", db)
    assert r.exit_code != 0 and not (tmp_path / "c.csv").exists()
    r = run("qdpx", "export", "--out", tmp_path / "p.qdpx", "--allow-flagged", "--db", db)
    assert r.exit_code == 0 and (tmp_path / "p.qdpx").exists()


def test_qdpx_export_positions_for_nvivo(db, tmp_path):
    out = tmp_path / "nvivo.qdpx"
    r = run("qdpx", "export", "--out", out, "--positions", "utf16", "--db", db)
    assert r.exit_code == 0, r.output
    qde_bytes = zipfile.ZipFile(out).read("project.qde")
    assert_valid_project(qde_bytes)
    start = TEXT.index("Linja 116")
    end = start + len("Linja 116 ndihmon 🙂")
    assert f'startPosition="{start}" endPosition="{end + 1}"'.encode() in qde_bytes  # 🙂 is 2
    new = tmp_path / "new.db"
    r = run("qdpx", "import", out, "--init", "--db", new)
    assert r.exit_code == 0 and "UTF-16 code units (written so by vos-coder)" in r.stderr
    with Project.open(db) as a, Project.open(new) as b:
        assert snapshot(a) == snapshot(b)
    r = run("qdpx", "export", "--out", tmp_path / "x.qdpx", "--positions", "bytes", "--db", db)
    assert r.exit_code != 0 and "--positions bytes: choose codepoints or utf16" in r.stderr
