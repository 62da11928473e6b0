"""Report drafts planted with right and wrong quotations, written in the four
formats a draft arrives in, built from the demo project's own coded passages."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pytest

from vos_coder.store import Project

INVENTED = "My grandmother kept every letter from the court in a blue tin under the stairs."


@dataclass(frozen=True)
class Planted:
    """One quotation to put in a draft and the verdict it must get."""

    text: str
    ident: str | None  # identifier printed with it
    expected: str
    label: str = ""  # anonymous attribution line, e.g. "a surveyed frontline worker"
    inline: bool = False  # inside quotation marks in a sentence, not a block


def _excerpts(p: Project, pid: str) -> list[dict]:
    return p.q("SELECT e.id, e.text, e.source_id, e.start, e.\"end\" FROM excerpts_with_text e "
               "JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
               "WHERE p.pid = ? ORDER BY length(e.text) DESC", [pid])


def _longest(p: Project, pid: str, min_words: int = 8) -> dict:
    rows = [r for r in _excerpts(p, pid) if len(r["text"].split()) >= min_words]
    assert rows, f"the demo has no coded passage of {min_words}+ words for {pid}"
    return rows[0]


def _faithful_variant(text: str) -> str:
    """Omit the start and a middle stretch, replace a word with [they], and
    capitalise the first kept word: a faithful quotation by the reports' rules."""
    w = text.split()
    assert len(w) >= 12, text
    first = " ".join(w[2:6])
    return (f"[…] {first[0].upper()}{first[1:]} […] {' '.join(w[8:-3])}  [they] "
            f"{' '.join(w[-2:])}")


def _altered_variant(text: str) -> str:
    w = text.split()
    i = max(range(1, len(w) - 1), key=lambda k: len(w[k].strip(",.")))
    w[i] = "purple" if w[i].strip(",.").lower() != "purple" else "orange"
    return " ".join(w)


@pytest.fixture
def planted(demo_project: Project) -> list[Planted]:
    """The demo project, prepared by ``plant``, and the quotations to plant."""
    return plant(demo_project)


def plant(p: Project) -> list[Planted]:
    """Prepare a demo project (quotes approved but one, VoS-AL-07 withdrawn,
    one survey answer coded and approved) and list the quotations to plant."""
    not_approved = _longest(p, "VoS-AL-06", 6)
    survey = p.q("SELECT s.id, s.text FROM sources s JOIN participants p ON p.id = s.participant_id "
                 "WHERE p.grp = 'frontline worker' AND length(s.text) > 40 ORDER BY s.id LIMIT 1")[0]
    answer = survey["text"].strip()
    theme = p.q1("SELECT name FROM themes WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")
    p.code(survey["id"], 0, len(answer), [theme], "tester")
    for (eid,) in p.db.execute("SELECT excerpt_id FROM quotes WHERE excerpt_id <> ?",
                               [not_approved["id"]]).fetchall():
        p.set_quote_status(eid, "approved", by="excerpt")
    p.withdraw("VoS-AL-07")
    long3 = next(r for r in _excerpts(p, "VoS-AL-03") if len(r["text"].split()) >= 12)
    return [
        Planted(_longest(p, "VoS-AL-01")["text"], "VoS-AL-01", "exact"),
        Planted(_faithful_variant(long3["text"]), "VoS-AL-03", "faithful"),
        Planted(_altered_variant(_longest(p, "VoS-AL-02")["text"]), "VoS-AL-02", "altered"),
        Planted(_longest(p, "VoS-AL-04")["text"], "VoS-AL-05", "wrong attribution"),
        Planted(INVENTED, "VoS-AL-01", "not found"),
        Planted(_longest(p, "VoS-AL-07")["text"], "VoS-AL-07", "withdrawn participant"),
        Planted(not_approved["text"], "VoS-AL-06", "not an approved quote"),
        Planted(_longest(p, "VoS-AL-05")["text"], "VoS-AL-05", "exact", inline=True),
        Planted(answer, None, "exact", label="a surveyed frontline worker"),
        Planted(_excerpts(p, "VoS-AL-01")[-1]["text"], None, "wrong attribution",
                label="a young woman"),
    ]


def _attribution(item: Planted) -> str:
    return f"({item.ident})" if item.ident else f"({item.label})"


INTRO = "Findings from the conversations. Young women described what “support” meant to them."


def write_md(path: Path, items: list[Planted]) -> Path:
    out = [f"# Draft\n\n{INTRO}\n"]
    for it in items:
        if it.inline:
            out.append(f"As one young woman said, “{it.text}” {_attribution(it)}.\n")
        else:
            out.append(f"> {it.text}\n\n{_attribution(it)}\n")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_txt(path: Path, items: list[Planted]) -> Path:
    out = [INTRO + "\n"]
    for it in items:
        if it.inline:
            out.append(f'As one young woman said, "{it.text}" {_attribution(it)}.\n')
        else:  # indented quotation, attribution on the very next line
            out.append(f"    {it.text}\n{_attribution(it)}\n")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_html(path: Path, items: list[Planted]) -> Path:
    out = ["<!doctype html><html><head><title>Draft</title><style>p{}</style></head><body>",
           f"<h1>Draft</h1><p>{html.escape(INTRO)}</p>"]
    for it in items:
        t, a = html.escape(it.text), html.escape(_attribution(it))
        if it.inline:
            out.append(f"<p>As one young woman said, <q>{t}</q> {a}.</p>")
        else:
            out.append(f"<blockquote><p>{t}</p></blockquote>\n<p>{a}</p>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_docx(path: Path, items: list[Planted]) -> Path:
    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_heading("Draft", 1)
    d.add_paragraph(INTRO)
    for n, it in enumerate(items):
        if it.inline:
            d.add_paragraph(f"As one young woman said, “{it.text}” {_attribution(it)}.")
        elif n % 2:  # every other block quotation indented rather than quote-styled
            para = d.add_paragraph(it.text)
            para.paragraph_format.left_indent = Cm(1.5)
            d.add_paragraph(_attribution(it))
        else:
            d.add_paragraph(it.text, style="Quote")
            d.add_paragraph(_attribution(it))
    d.save(str(path))
    return path


WRITERS = {"docx": write_docx, "md": write_md, "txt": write_txt, "html": write_html}
