"""A quote set as Markdown for pandoc or Quarto: a YAML title block, themes as
headings, each quote as a block quote followed by its attribution."""

from __future__ import annotations

import json
import re

from vos_coder.exporters.quoteset import QuoteSet, memo_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$])")


def escape(text: str) -> str:
    """Escape Markdown's special characters so ``[…]`` and ``[should]`` print as written."""
    return _SPECIAL.sub(r"\\\1", text)


def render(qs: QuoteSet) -> str:
    """The whole document as text (LF line ends, one trailing newline)."""
    lines = ["---", f"title: {json.dumps(qs.title, ensure_ascii=False)}", "---", ""]
    if not qs.items:
        lines += ["No quotes match the selection.", ""]
    for section in qs.sections:
        lines += ["#" * min(section.level, 6) + " " + escape(section.theme.name), ""]
        lines += [f"*{escape(memo_line(m))}*\n" for m in section.memos]
        for item in section.items:
            lines += [f"*{item.quote_id}*", "", f"> “{escape(item.printed)}”", "",
                      escape(item.attribution), ""]
            lines += [f"*{escape(memo_line(m))}*\n" for m in item.memos]
    return "\n".join(lines).rstrip("\n") + "\n"
