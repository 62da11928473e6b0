"""Every quote format, written and read back: python-docx, an HTML parser, csv, json."""

import csv
import json
import zipfile
from html.parser import HTMLParser

import docx
import pytest

from vos_coder.errors import DisclosureBlocked, InvalidInput
from vos_coder.exporters import docx as docx_out
from vos_coder.exporters import quoteset
from vos_coder.exporters.quotes import export_quotes
from vos_coder.exporters.quoteset import EmptySelection

APPROVED = {
    "Q-001": ("I told my aunt first, because she lives far away and she does not gossip.", "(VoS-AL-01)"),
    "Q-002": ("they wanted the messages printed on paper", "(VoS-AL-01)"),
    "Q-003": ("Nobody told me what would happen next, and I waited for weeks.", "(VoS-AL-01)"),
    "Q-004": ("The nearest counsellor was two buses away.", "(VoS-AL-02)"),
    "Q-005": ("In our village people would see you go in […] everybody would know.", "(VoS-AL-02)"),
    "Q-008": ("Children often think the police will not believe them, so they stay quiet.",
              "(a surveyed frontline worker)"),
}
NEVER = ("headmaster", "phone line", "VoS-AL-03")


def test_docx_read_back(qp, tmp_path):
    out = tmp_path / "appendix.docx"
    qs = export_quotes(qp, out, "docx", title="Appendix B: quotes")
    assert len(qs.items) == 6
    d = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    assert paras[0] == ("Title", "Appendix B: quotes")
    assert ("Heading 1", "Support services") in paras
    assert ("Heading 2", "Availability by location") in paras
    for qid, (text, who) in APPROVED.items():
        i = paras.index(("Normal", qid))
        assert paras[i + 1] == ("Quote", f"“{text}”")
        assert paras[i + 2] == ("Normal", who)  # the attribution on its own line
    body = "\n".join(t for _s, t in paras)
    assert not any(x in body for x in NEVER)
    xml = out.read_bytes()
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        assert {i.date_time for i in z.infolist()} == {docx_out.ZIP_DATE}
    assert 'TOC \\o "1-3"' in document and "PAGE" in footer
    assert d.core_properties.created.year == 2000 and d.core_properties.title == "Appendix B: quotes"
    assert xml[:2] == b"PK"


def test_docx_is_deterministic(qp, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    export_quotes(qp, a, "docx")
    export_quotes(qp, b, "docx")
    assert a.read_bytes() == b.read_bytes()


class _Quotes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.quotes, self.attributions, self.headings, self.refs = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs.get("class")))
        self.refs += [v for k, v in attrs.items() if k in ("src", "href") and not v.startswith("#")]

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if not self.stack:
            return
        if ("blockquote", "quote") in self.stack:
            self.quotes.append(data)
        elif self.stack[-1] == ("p", "attribution"):
            self.attributions.append(data)
        elif self.stack[-1][0] in ("h2", "h3"):
            self.headings.append(data)


def test_html_read_back(qp, tmp_path):
    out = tmp_path / "appendix.html"
    export_quotes(qp, out, "html", title="Quotes <draft>")
    text = out.read_text("utf-8")
    parser = _Quotes()
    parser.feed(text)
    assert parser.quotes == [f"“{t}”" for t, _w in _in_document_order()]
    assert parser.attributions == [w for _t, w in _in_document_order()]
    assert "Stigma of seeking help" in parser.headings
    assert parser.refs == []  # self-contained: no external files
    assert "<title>Quotes &lt;draft&gt;</title>" in text
    assert not any(x in text for x in NEVER)


def _in_document_order():
    order = ["Q-003", "Q-002", "Q-004", "Q-005", "Q-008", "Q-001", "Q-005"]
    return [APPROVED[q] for q in order]


def test_markdown_read_back(qp, tmp_path):
    out = tmp_path / "appendix.md"
    export_quotes(qp, out, "md", title='Quotes: "draft"')
    text = out.read_text("utf-8")
    assert text.startswith('---\ntitle: "Quotes: \\"draft\\""\n---\n')
    lines = text.splitlines()
    assert "# Support services" in lines and "## Availability by location" in lines
    quotes = [ln[2:] for ln in lines if ln.startswith("> ")]
    unescaped = [q.replace("\\[", "[").replace("\\]", "]") for q in quotes]
    assert unescaped == [f"“{t}”" for t, _w in _in_document_order()]
    assert "\\[…\\]" in text  # brackets escaped, so pandoc prints them as written
    i = lines.index("> “The nearest counsellor was two buses away.”")
    assert lines[i + 2] == "(VoS-AL-02)"
    assert not any(x in text for x in NEVER)


def test_csv_and_json_one_row_per_quote(qp, tmp_path):
    export_quotes(qp, tmp_path / "q.csv", "csv", locator="time")
    export_quotes(qp, tmp_path / "q.json", "json", locator="time")
    with (tmp_path / "q.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    data = json.loads((tmp_path / "q.json").read_text("utf-8"))
    assert [r["quote"] for r in rows] == [r["quote"] for r in data] == sorted(APPROVED)
    r5 = next(r for r in rows if r["quote"] == "Q-005")
    assert r5["themes"] == "Support services/Availability by location; Stigma and shame/Stigma of seeking help"
    assert r5["text"] == "In our village people would see you go in, and by evening everybody would know."
    assert r5["display_text"] == APPROVED["Q-005"][0] and r5["status"] == "approved"
    j1 = next(r for r in data if r["quote"] == "Q-001")
    assert j1["participant"] == "VoS-AL-01" and j1["group"] == "survivor" and j1["turn"] == 2
    assert j1["timestamp"] == "00:00:09" and j1["source"] == "VoS-AL-01"
    src = qp.source_text(j1["source_id"])
    assert src[j1["start"]:j1["end"]] == j1["text"]
    assert set(rows[0]) >= {"participant", "group", "themes", "source", "start", "end", "status",
                            "text", "display_text"}


def test_refuses_to_overwrite_and_force_replaces(qp, tmp_path):
    out = tmp_path / "q.json"
    out.write_text("keep me")
    with pytest.raises(InvalidInput, match="--force"):
        export_quotes(qp, out, "json")
    assert out.read_text() == "keep me"
    export_quotes(qp, out, "json", force=True)
    assert len(json.loads(out.read_text())) == 6


def test_wrong_suffix_is_refused(qp, tmp_path):
    with pytest.raises(InvalidInput, match=".docx"):
        export_quotes(qp, tmp_path / "q.doc", "docx")


def test_a_crash_while_writing_leaves_the_old_file_and_no_temporary(qp, tmp_path, monkeypatch):
    out = tmp_path / "a.docx"
    out.write_bytes(b"old report")

    def boom(qs, advance=None):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(docx_out, "build", boom)
    with pytest.raises(RuntimeError):
        export_quotes(qp, out, "docx", force=True)
    assert out.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert qp.audit_log("export.quotes") == []


def test_audit_row_has_filters_count_and_hash_never_text(qp, tmp_path):
    import hashlib

    out = tmp_path / "q.md"
    export_quotes(qp, out, "md", themes=["Stigma and shame"], locator="turn")
    [entry] = qp.audit_log("export.quotes")
    d = entry.details
    assert d["count"] == 3 and d["format"] == "md" and d["file"] == "q.md"
    assert d["filters"] == {"themes": ["Stigma and shame"], "status": "approved", "locator": "turn"}
    assert d["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert "village" not in json.dumps(d) and "aunt" not in json.dumps(d)


def test_empty_selection_writes_nothing_unless_asked(qp, tmp_path):
    out = tmp_path / "none.csv"
    with pytest.raises(EmptySelection, match="nothing written"):
        export_quotes(qp, out, "csv", themes=["Compensation and remedies"])
    assert not out.exists()
    export_quotes(qp, out, "csv", themes=["Compensation and remedies"], allow_empty=True)
    with out.open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 0
    export_quotes(qp, tmp_path / "none.docx", "docx", themes=["Compensation and remedies"],
                  allow_empty=True)
    assert "No quotes match" in "\n".join(p.text for p in docx.Document(str(tmp_path / "none.docx")).paragraphs)


def test_a_blocked_export_writes_nothing(qp, tmp_path, monkeypatch):
    def block(project, items, allow_flagged, what, options=None, advance=None):
        if not allow_flagged:
            raise DisclosureBlocked("Q-001 names a place; resolve it or pass --allow-flagged")

    monkeypatch.setattr(quoteset, "pre_export", block)
    out = tmp_path / "q.html"
    with pytest.raises(DisclosureBlocked):
        export_quotes(qp, out, "html")
    assert not out.exists() and qp.audit_log("export.quotes") == []
    export_quotes(qp, out, "html", allow_flagged=True)
    assert out.exists()


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "docx"])
def test_same_project_same_bytes(qp, tmp_path, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export_quotes(qp, a, fmt, locator="time")
    export_quotes(qp, b, fmt, locator="time")
    assert a.read_bytes() == b.read_bytes()
