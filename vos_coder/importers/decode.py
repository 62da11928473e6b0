"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy
single-byte encodings guessed by charset-normalizer, with a warning."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Single-byte encodings that transcripts from the study's countries arrive in.
LEGACY = ("cp1252", "cp1250", "cp1251", "iso8859_15", "iso8859_2", "iso8859_5", "cp1254")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """(normalised text, warnings); ImportFailed for empty, binary or NUL data."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(f"{name}: starts like UTF-16 but is not valid UTF-16; "
                               "save it again as UTF-8") from None
    else:
        if b"\x00" in data:
            raise ImportFailed(f"{name}: contains NUL bytes, so it is binary, not text; "
                               "export the transcript as .txt, .docx, .vtt or .srt")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            best = from_bytes(data, cp_isolation=list(LEGACY)).best()
            if best is None:
                raise ImportFailed(f"{name}: not text in any encoding vos-coder can recognise; "
                                   "save it as UTF-8 text") from None
            text = str(best)
            warnings.append(f"{name}: not UTF-8; read as {best.encoding} "
                            "(check accented letters such as ë and ç)")
    if "\x00" in text or _looks_binary(text):
        raise ImportFailed(f"{name}: looks like binary data, not text; "
                           "export the transcript as .txt, .docx, .vtt or .srt")
    if not text.strip():
        raise ImportFailed(f"{name}: the file is empty; nothing to import")
    return normalise(text), warnings
