"""A quote set as one self-contained HTML file (inline style, no scripts, no
external resources): a contents list, themes as headings, quotes as block quotes."""

from __future__ import annotations

from html import escape

from vos_coder.exporters.quoteset import QuoteSet, memo_line

STYLE = """body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5}
blockquote.quote{margin:1em 0 .2em 1.5em;font-style:italic}
p.attribution{margin:0 0 1.2em 1.5em}
p.qid{margin:1em 0 0 1.5em;font-size:.8em;color:#666}
nav ul{list-style:none;padding-left:1em}"""


def _anchor(path: str) -> str:
    return "t-" + "".join(c if c.isalnum() else "-" for c in path.casefold())


def render(qs: QuoteSet) -> str:
    """The whole document as text."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(qs.title)}</title>", f"<style>\n{STYLE}\n</style>", "</head>", "<body>",
           f"<h1>{escape(qs.title)}</h1>"]
    if not qs.items:
        out.append("<p>No quotes match the selection.</p>")
    else:
        out.append('<nav id="contents"><h2>Contents</h2><ul>')
        for s in qs.sections:
            indent = "&#160;" * 4 * (s.level - 1)
            out.append(f'<li>{indent}<a href="#{_anchor(s.theme.path)}">{escape(s.theme.name)}</a></li>')
        out.append("</ul></nav>")
    for s in qs.sections:
        level = min(s.level + 1, 6)
        out.append(f'<h{level} id="{_anchor(s.theme.path)}">{escape(s.theme.name)}</h{level}>')
        out += [f'<p class="memo">{escape(memo_line(m))}</p>' for m in s.memos]
        for item in s.items:
            out.append(f'<p class="qid">{escape(item.quote_id)}</p>')
            out.append(f'<blockquote class="quote"><p>“{escape(item.printed)}”</p></blockquote>')
            out.append(f'<p class="attribution">{escape(item.attribution)}</p>')
            out += [f'<p class="memo">{escape(memo_line(m))}</p>' for m in item.memos]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
