"""--with-memos: memos on quotes and theme headings, read back from docx, html, json;
never without the flag; a memo of a withdrawn participant never printed."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import docx

from vos_coder.exporters.quotes import export_quotes


class _Memos(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.memos: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "p" and ("class", "memo") in attrs

    def handle_data(self, data):
        if self._in:
            self.memos.append(data)
            self._in = False


def _plant(qp):
    qp.add_memo("excerpt", qp.quote_excerpt_id("Q-001"), "The aunt again [check]", "amira")
    qp.add_memo("theme", qp.theme("Availability by location").id, "Distance is the barrier", "blerta")
    qp.add_memo("participant", qp.participant("VoS-AL-03").id, "withdrawn-memo-marker")


def test_docx_prints_memos_under_the_quote_and_the_heading(qp, tmp_path):
    _plant(qp)
    out = tmp_path / "m.docx"
    export_quotes(qp, out, "docx", with_memos=True)
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    i = paras.index("Q-001")
    assert paras[i + 3] == "Memo (amira): The aunt again [check]"
    h = paras.index("Availability by location")
    assert paras[h + 1] == "Memo (blerta): Distance is the barrier"
    assert "withdrawn-memo-marker" not in "\n".join(paras)
    plain = tmp_path / "plain.docx"
    export_quotes(qp, plain, "docx")
    assert not any("Memo (" in p.text for p in docx.Document(str(plain)).paragraphs)


def test_html_and_json_carry_memos(qp, tmp_path):
    _plant(qp)
    out = tmp_path / "m.html"
    export_quotes(qp, out, "html", with_memos=True)
    parser = _Memos()
    parser.feed(out.read_text("utf-8"))
    assert parser.memos == ["Memo (blerta): Distance is the barrier", "Memo (amira): The aunt again [check]"]
    js = tmp_path / "m.json"
    export_quotes(qp, js, "json", with_memos=True)
    rows = {r["quote"]: r for r in json.loads(js.read_text("utf-8"))}
    assert rows["Q-001"]["memos"] == ["Memo (amira): The aunt again [check]"]
    assert rows["Q-002"]["memos"] == []
