"""Codebooks with Taguette both ways (its CSV and its flat, path-named .qdc, in
../shared/refi/samples/), QualCoder's .qdc, and the format read from content."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cli.conftest import Cli
from tests.conftest import shared_path
from tests.refi.conftest import make_qdpx, qde
from vos_coder.refi import import_qdpx
from vos_coder.refi.paths import TAGUETTE_MAX_PATH


def _themes(cli: Cli) -> list[tuple]:
    return cli.rows("SELECT t.id, t.name, t.parent_id, t.description, t.inclusion, t.exclusion, "
                    "t.colour FROM themes t ORDER BY t.id")


def _tree(cli: Cli) -> set[tuple[str, str, str, str]]:
    """(path, description, inclusion, exclusion) of every theme."""
    rows = _themes(cli)
    by_id = {r[0]: r for r in rows}

    def path(r):
        return (path(by_id[r[2]]) + "/" if r[2] else "") + r[1]

    return {(path(r), r[3], r[4], r[5]) for r in rows}


@pytest.fixture
def demo_cli(demo_path) -> Cli:
    return Cli(demo_path)


@pytest.fixture
def empty(tmp_path) -> Cli:
    c = Cli(tmp_path / "empty.db")
    c("init", "--codebook", "empty")
    return c


def _taguette_reads(text: str) -> list[tuple[str, str]]:
    """What Taguette 1.5.2's codebook import takes from a CSV (read from its
    import_codebook.py): exactly one of tag/name/path, and description."""
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.lower() for c in rows[0]]
    assert sum(c in header for c in ("tag", "name", "path")) == 1
    col, desc = header.index("tag"), header.index("description")
    return [(r[col].strip(), r[desc].strip()) for r in rows[1:] if any(r)]


def test_taguette_csv_export_keeps_the_hierarchy_in_the_names(demo_cli, empty, tmp_path):
    out = tmp_path / "for-taguette.csv"
    done = demo_cli("themes", "export", "--format", "taguette-csv", "--out", out)
    assert "21 theme(s) as a Taguette codebook" in done.stdout
    tags = _taguette_reads(out.read_text(encoding="utf-8"))
    demo = _tree(demo_cli)
    assert {t for t, _ in tags} == {d[0] for d in demo}
    assert all(len(t) <= TAGUETTE_MAX_PATH for t, _ in tags)
    assert any(t == "Stigma and shame/Culture of silence" for t, _ in tags)
    # and back: the same tree with descriptions, inclusion and exclusion notes
    empty("themes", "import", out)
    assert _tree(empty) == demo


@pytest.mark.parametrize("sample", ["taguette152-codebook.csv", "taguette152-codebook.qdc",
                                    "qualcoder4b-codebook.qdc"])
def test_peer_codebooks_import_with_their_hierarchy(sample, demo_cli, empty):
    done = empty("themes", "import", shared_path("refi", "samples", sample))
    got = {path for path, *_ in _tree(empty)}
    demo = {path for path, *_ in _tree(demo_cli)}
    if sample.startswith("taguette"):
        assert got == demo | {"interesting"}  # Taguette's own starter tag
        # every rename said: 'A/B' became theme 'B' under 'A'
        renamed = [line for line in done.stderr.splitlines() if "became theme" in line]
        assert len(renamed) == len([p for p in demo if "/" in p])
        assert ("note: code 'Stigma and shame/Culture of silence' became theme "
                "'Culture of silence' under 'Stigma and shame'") in done.stderr
    else:
        assert got == demo
    assert not any(" - " in p.split("/")[-1] for p in got if p not in demo)  # no '/'->'-' copies
    if sample.endswith(".csv"):  # Taguette's CSV carries the descriptions
        assert _tree(empty) - {("interesting", "Further review required", "", "")} == \
            _tree(demo_cli)


def test_a_taguette_qdpx_codebook_is_rebuilt_too(project, tmp_path):
    body = ('<CodeBook><Codes><Code guid="cccccccc-0000-0000-0000-000000000001" name="A/B c" '
            'isCodable="true"/><Code guid="cccccccc-0000-0000-0000-000000000002" name="A" '
            'isCodable="true"/></Codes></CodeBook>')
    summary = import_qdpx(project, make_qdpx(tmp_path / "t.qdpx", qde(body, 'origin="Taguette 1.5.2"')))
    assert [t.path for t in project.themes()] == ["A", "A/B c"]
    assert "code 'A/B c' became theme 'B c' under 'A'" in summary.warnings


def test_a_slash_in_a_nested_codebook_is_still_a_reported_rename(project, tmp_path):
    body = ('<CodeBook><Codes><Code guid="cccccccc-0000-0000-0000-000000000001" name="Top" '
            'isCodable="true"><Code guid="cccccccc-0000-0000-0000-000000000002" '
            'name="Police / media" isCodable="true"/></Code></Codes></CodeBook>')
    summary = import_qdpx(project, make_qdpx(tmp_path / "n.qdpx", qde(body, 'origin="Other"')))
    assert [t.path for t in project.themes()] == ["Top", "Top/Police - media"]
    assert any("'Police / media' became theme 'Police - media'" in w for w in summary.warnings)


def test_the_format_is_read_from_the_content(empty, tmp_path):
    as_qdc = tmp_path / "codebook.qdc"
    as_qdc.write_text("tag,description\nOne/Two,Second level\n", encoding="utf-8")
    empty("themes", "import", as_qdc)  # a CSV, whatever its name says
    as_yaml = tmp_path / "codebook.yaml"
    as_yaml.write_text('{"themes": [{"name": "Three"}]}', encoding="utf-8")
    empty("themes", "import", as_yaml)  # JSON
    listed = tmp_path / "listed.csv"
    listed.write_text(empty("themes", "list", "--format", "csv").stdout, encoding="utf-8")
    again = Cli(tmp_path / "again.db")
    again("init", "--codebook", "empty")
    again("themes", "import", listed)  # vos-coder's own list (column 'theme'), colours kept
    assert [r[1:3] + r[6:] for r in _themes(again)] == [r[1:3] + r[6:] for r in _themes(empty)]
    assert {p for p, *_ in _tree(empty)} == {"One", "One/Two", "Three"}


@pytest.mark.parametrize("name,content,said", [
    ("codebook.csv", "hello: [\n", ("codebook.csv is not a CSV codebook: its first line names "
                                    "no tag, name, path or theme column (Taguette's has tag)")),
    ("codebook.csv", "tag,name\nA,B\n", ("expected a CSV codebook with one column of theme "
                                         "names (tag, name, path or theme); its header has "
                                         "tag, name")),
    ("codebook.yaml", "just words\n", ("codebook.yaml is not a codebook; expected YAML or JSON "
                                       "with a list of themes, a CSV with a tag, name, path")),
    ("codebook.qdc", "not xml at all\n", "codebook.qdc is not a REFI-QDA codebook (not XML)"),
])
def test_a_wrong_guess_names_what_was_expected(empty, tmp_path, name, content, said):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = empty.dump()
    result = empty("themes", "import", path, ok=False)
    assert result.exit_code != 0 and said in result.stderr
    assert "not valid YAML" not in result.stderr
    assert empty.dump() == before


@pytest.mark.parametrize("fmt,suffix", [("taguette-csv", ".csv"), ("qdc", ".qdc"),
                                        ("yaml", ".yaml")])
def test_codebook_exports_go_through_the_disclosure_gate(empty, tmp_path, fmt, suffix):
    empty("themes", "add", "Helplines", "--description", "Ask Arta: arta.hoxha@example.com")
    out = tmp_path / f"codebook{suffix}"
    refused = empty("themes", "export", "--format", fmt, "--out", out, ok=False)
    assert refused.exit_code != 0 and "disclosure hit" in refused.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    empty("themes", "export", "--format", fmt, "--out", out, "--allow-flagged")
    assert "arta.hoxha@example.com" in out.read_text(encoding="utf-8")
