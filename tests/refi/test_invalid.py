"""All or nothing: bad selections and dangling codings refuse the whole file with
a list of problems, unless --skip-invalid; sources without a case never invent
participants."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli
from tests.refi.conftest import dump, make_qdpx, qde
from vos_coder.errors import ImportFailed
from vos_coder.refi import import_qdpx

CODE = "cccccccc-0000-0000-0000-000000000001"
TEXT = "Nobody at school told us where to report. Later a teacher did.\n"


def _sel(n: int, start: int, end: int, code: str = CODE) -> str:
    return (f'<PlainTextSelection guid="ffffffff-0000-0000-0000-{n:012d}" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="99999999-0000-0000-0000-{n:012d}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def _file(tmp_path, selections: str, extra_sources: str = "", cases: str = "",
          name: str = "VoS-AL-01 interview"):
    body = (f'<CodeBook><Codes><Code guid="{CODE}" name="Reporting" isCodable="true"/></Codes>'
            f"</CodeBook>{cases}<Sources>"
            f'<TextSource guid="eeeeeeee-0000-0000-0000-000000000001" name="{name}" '
            f'plainTextPath="internal://a.txt">{selections}</TextSource>{extra_sources}</Sources>')
    return make_qdpx(tmp_path / "in.qdpx", qde(body, 'name="t" origin="Other tool"'),
                     {"a.txt": TEXT.encode()})


def test_reversed_outside_and_dangling_codings_refuse_everything(project, tmp_path):
    missing = ('<TextSource guid="eeeeeeee-0000-0000-0000-000000000002" name="Elsewhere" '
               'plainTextPath="absolute:///home/x/b.txt">' + _sel(9, 0, 4) + "</TextSource>")
    path = _file(tmp_path, _sel(1, 0, 6) + _sel(2, 30, 20) + _sel(3, 50, 900) + _sel(4, -3, 5)
                 + _sel(5, 7, 9, code="cccccccc-0000-0000-0000-00000000dead") + _sel(6, 8, 8),
                 missing)
    before = dump(project.path)
    with pytest.raises(ImportFailed) as exc:
        import_qdpx(project, path)
    msg = str(exc.value)
    assert msg.startswith("in.qdpx: 6 problem(s), nothing imported (pass --skip-invalid")
    for line in ("selection 30-20 is reversed",
                 f"selection 50-900 lies outside its text (0-{len(TEXT)})",
                 "selection -3-5 lies outside", "which is not in the codebook",
                 "selection 8-8 is empty",
                 ("'Elsewhere': 1 coding(s) point at a source whose text is missing (its plain "
                  "text absolute:///home/x/b.txt is not in the archive)")):
        assert line in msg
    assert dump(project.path) == before


def test_skip_invalid_imports_the_rest_and_lists_every_skipped_item(project, tmp_path):
    path = _file(tmp_path, _sel(1, 0, 6) + _sel(2, 30, 20) + _sel(3, 50, 900))
    summary = import_qdpx(project, path, skip_invalid=True)
    assert summary.codings == 1
    assert [e.text for e, _ in project.excerpts(project.sources()[0].id)] == ["Nobody"]
    assert summary.skipped == [
        "source 'VoS-AL-01 interview': selection 30-20 is reversed (start after end); skipped",
        (f"source 'VoS-AL-01 interview': selection 50-900 lies outside its text (0-{len(TEXT)}); "
         "skipped")]


def test_the_problem_list_stops_at_twenty_then_counts(project, tmp_path):
    path = _file(tmp_path, "".join(_sel(n, 900 + n, 950 + n) for n in range(25)))
    with pytest.raises(ImportFailed) as exc:
        import_qdpx(project, path)
    lines = str(exc.value).splitlines()
    assert len(lines) == 22 and lines[-1] == "  ... and 5 more"


def test_the_cli_lists_what_it_skipped(tmp_path):
    path = _file(tmp_path, _sel(1, 0, 6) + _sel(2, 30, 20))
    cli = Cli(tmp_path / "p.db")
    cli("init")
    before = cli.dump()
    refused = cli("qdpx", "import", path, ok=False)
    assert refused.exit_code != 0 and "selection 30-20 is reversed" in refused.stderr
    assert "Traceback" not in refused.output + refused.stderr
    assert cli.dump() == before
    done = cli("qdpx", "import", path, "--skip-invalid")
    assert "1 coding(s)" in done.stdout
    assert "skipped: source 'VoS-AL-01 interview': selection 30-20 is reversed" in done.stderr


def test_sources_without_a_case_go_to_the_participant_their_title_names(project, tmp_path):
    cases = ('<Cases><Case guid="bbbbbbbb-0000-0000-0000-000000000001" name="FW-1"/>'
             '<Case guid="bbbbbbbb-0000-0000-0000-000000000002" name="FW-10"/></Cases>')
    others = "".join(
        f'<TextSource guid="eeeeeeee-0000-0000-0000-00000000001{i}" name="{title}">'
        f"<PlainTextContent>Answer {i} about hotlines.</PlainTextContent></TextSource>"
        for i, title in enumerate(["FW-10 open_awareness", "fw-1 services",
                                   "Workshop notes", "FW-1 and FW-10 joint answer"]))
    summary = import_qdpx(project, _file(tmp_path, _sel(1, 0, 6), others, cases))
    owner = {s.title: s.participant for s in project.sources()}
    assert owner == {"VoS-AL-01 interview": "VoS-AL-01",  # the project's own scheme
                     "FW-10 open_awareness": "FW-10", "fw-1 services": "FW-1",
                     "Workshop notes": "unassigned", "FW-1 and FW-10 joint answer": "unassigned"}
    assert sorted(p.pid for p in project.participants()) == [
        "FW-1", "FW-10", "VoS-AL-01", "unassigned"]
    assert project.participant("unassigned").group == "unassigned"
    assert any("2 source(s) belong to no case and their titles name no one participant; kept "
               "under participant 'unassigned': 'Workshop notes', 'FW-1 and FW-10 joint answer'"
               in w for w in summary.warnings)
