"""The issue's acceptance test: the demo's Word appendix holds every approved
quote with its attribution and nothing withdrawn or excluded, read back with
python-docx and, where LibreOffice is installed, converted by it."""

import shutil
import subprocess

import docx
import pytest

from tests.exporters.quote_fixture import withdraw
from vos_coder.core.quotes import printed_text
from vos_coder.store import Project


def _prepare(demo_path):
    """Exclude one approved quote and withdraw one participant with approved
    quotes; return (expected quotes, forbidden texts)."""
    with Project.open(demo_path) as p:
        approved = sorted(p.quotes(status="approved"), key=lambda q: q.quote_number)
        assert len(approved) >= 5, "the demo approves a handful of quotes"
        assert any(q.display_text and "[…]" in q.display_text for q in approved)
        survivors = [q for q in approved if q.group == "survivor"]
        excluded = survivors[0]
        p.set_quote_status(excluded.quote_id, "excluded")
        gone = next(q.participant for q in survivors[1:] if q.participant != excluded.participant)
    withdraw(demo_path, gone)
    keep = [q for q in approved if q.quote_id != excluded.quote_id and q.participant != gone]
    forbidden = [printed_text(q.text, q.display_text) for q in approved if q not in keep]
    return keep, forbidden, gone


def _expected_attribution(q):
    return "(a surveyed frontline worker)" if q.group == "frontline worker" else f"({q.participant})"


def test_demo_docx_read_back_with_python_docx(demo_cli, demo_path, tmp_path):
    keep, forbidden, gone = _prepare(demo_path)
    out = tmp_path / "appendix.docx"
    result = demo_cli("export", "quotes", "--format", "docx", "--out", out)
    assert f"{len(keep)} quote(s)" in result.output
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    for q in keep:
        i = paras.index(f"“{printed_text(q.text, q.display_text)}”")
        assert paras[i + 1] == _expected_attribution(q)
    body = "\n".join(paras)
    assert not any(f in body for f in forbidden) and gone not in body


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed, so the docx cannot be converted")
def test_demo_docx_converts_in_libreoffice(demo_cli, demo_path, tmp_path):
    keep, forbidden, gone = _prepare(demo_path)
    out = tmp_path / "appendix.docx"
    demo_cli("export", "quotes", "--format", "docx", "--out", out, "--title", "Demo appendix")
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "txt"), str(out)],
        check=False, capture_output=True, text=True, timeout=180)
    txt = tmp_path / "txt" / "appendix.txt"
    assert txt.exists(), f"LibreOffice did not convert the file: {run.stdout}{run.stderr}"
    lines = [ln.strip().lstrip("\ufeff") for ln in txt.read_text("utf-8").splitlines()]
    assert lines[0] == "Demo appendix"
    for q in keep:
        i = lines.index(f"“{printed_text(q.text, q.display_text)}”")
        assert lines[i + 1] == _expected_attribution(q)
    text = "\n".join(lines)
    assert not any(f in text for f in forbidden) and gone not in text


def test_demo_appendix_attributes_a_survey_answer_anonymously(demo_cli, tmp_path):
    """The demo codes frontline workers' survey answers, and one is approved, so
    its appendix shows the group label instead of an identifier."""
    out = tmp_path / "appendix.md"
    demo_cli("export", "quotes", "--format", "md", "--out", out)
    text = out.read_text(encoding="utf-8")
    assert "(a surveyed frontline worker)" in text
    assert "FW-" not in text
