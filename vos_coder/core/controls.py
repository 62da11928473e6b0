"""Control characters in text that came from outside (transcripts, file names,
theme names): made visible so that printing or exporting them is inert.

A terminal obeys escape sequences in what it prints: OSC 52 writes the
clipboard, OSC 0/2 set the window title, CSI moves the cursor or hides text,
a carriage return overwrites the line. Word and Excel files cannot hold most
C0 controls at all (python-docx and openpyxl refuse them). So every string
vos-coder prints or exports goes through :func:`visible`: each C0 control
other than tab and line feed, DEL, each C1 control and each bidirectional
override (the "Trojan source" characters) becomes the text ``\\u001b``. The
notation is also a valid JSON escape, so JSON output stays valid and decodes
back to the original character. The workbench (Textual) shows the same
characters with :func:`pictured`, one visible character each.
"""

from __future__ import annotations

import re

# C0 except \t and \n; DEL; C1; bidi embeddings/overrides/isolates.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _show(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out as ``\\uXXXX``."""
    return CONTROLS.sub(_show, text) if CONTROLS.search(text) else text


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ESC -> ␛, CR -> ␍
    return "\u2421" if code == 0x7f else "\ufffd"  # DEL -> ␡; C1 and bidi -> �


def pictured(text: str) -> str:
    """``text`` for the workbench's screen: each control character (as in
    :func:`visible`) shown as one visible character, its control picture
    (ESC as ␛) or �, so lengths and offsets stay as stored (a transcript's
    coded spans still fall on their words). Tab and line feed are kept."""
    return CONTROLS.sub(_picture, text) if text and CONTROLS.search(text) else text


def has_controls(text: str) -> bool:
    return CONTROLS.search(text) is not None


def inert_json(text: str) -> str:
    """JSON text with every control character escaped as ``\\uXXXX``: still
    valid JSON that decodes to the same values (json.dumps escapes only C0;
    with ensure_ascii=False it leaves C1 and bidi overrides raw)."""
    return visible(text)


#: Cells a spreadsheet would read as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting with = + - @, a tab
    or a carriage return gets a leading apostrophe (the OWASP guidance);
    numbers are left alone. Control characters are made visible."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    return visible(value)
