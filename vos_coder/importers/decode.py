"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy
single-byte encodings guessed by charset-normalizer, with a warning.

Every text returned is normalised (NFC, LF, no BOM). Empty files, files with
NUL bytes (other than UTF-16) and binary data are refused, each with its own
message.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed

# C0 control characters other than tab, LF, VT, FF, CR; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
# Single-byte encodings that transcripts from the study's countries arrive in
# (Western and Central European, Cyrillic, Turkish), most likely first.
LEGACY = ("cp1252", "cp1250", "cp1251", "iso8859_15", "iso8859_2", "iso8859_5", "cp1254")
# A guess messier than this (charset-normalizer's chaos ratio, 0-1) is not text.
_MAX_CHAOS = 0.3
_SAVE = "export the transcript as UTF-8 text (.txt), .docx, .vtt or .srt"


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


# Letters expected in the study's languages (Albanian, Bosnian, Spanish,
# Romanian) besides ASCII; Cyrillic letters are expected too (Serbian, Russian).
_EXPECTED = set("ëËçÇñÑáéíóúüÁÉÍÓÚÜ¿¡čćšžđČĆŠŽĐăâîșşțţĂÂÎȘŞȚŢ«»–—‘’“”…€")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")
_MIXED = re.compile(r"[a-zA-Z][\u0400-\u04ff]|[\u0400-\u04ff][a-zA-Z]")


def _penalty(text: str) -> int:
    """How unlike the study's languages a decoding looks: unexpected letters
    cost 1, symbols and controls 3, a word mixing Latin and Cyrillic 5."""
    cost = 0
    for ch, n in Counter(_NON_ASCII.findall(text)).items():
        if ch not in _EXPECTED and not "\u0400" <= ch <= "\u04ff":
            cost += n * (1 if ch.isalpha() else 3)
    for word in _NON_ASCII_WORD.findall(text):
        if _MIXED.search(word):
            cost += 5
    return cost


def _legacy(data: bytes, name: str) -> tuple[str, str]:
    """The single-byte decoding that looks most like text in the study's
    languages: charset-normalizer's guesses and the usual code pages, ranked by
    unexpected characters, then by charset-normalizer's mess ratio, then by
    how common the code page is."""
    candidates = {m.encoding: str(m) for m in from_bytes(data, cp_isolation=list(LEGACY))}
    for encoding in LEGACY:
        if encoding not in candidates:
            try:
                candidates[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if not candidates:
        raise ImportFailed(f"{name}: neither UTF-8 nor a text encoding vos-coder can recognise "
                           f"(binary data?); {_SAVE}")
    order = {e: i for i, e in enumerate(LEGACY)}
    encoding = min(candidates, key=lambda e: (_penalty(candidates[e][:200_000]),
                                              mess_ratio(candidates[e][:50_000]), order.get(e, 99)))
    text = candidates[encoding]
    if mess_ratio(text[:50_000]) > _MAX_CHAOS:
        raise ImportFailed(f"{name}: neither UTF-8 nor a text encoding vos-coder can recognise "
                           f"(binary data?); {_SAVE}")
    return text, encoding


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """``(text, warnings)`` for the bytes of the file called ``name``.

    UTF-8 with or without BOM and UTF-16 LE/BE with BOM are read silently;
    anything else is read in the single-byte encoding charset-normalizer
    guesses, with a warning naming it. Raises ImportFailed for an empty file,
    NUL bytes outside UTF-16, and binary data."""
    warnings: list[str] = []
    if not data.strip():
        raise ImportFailed(f"{name}: the file is empty; nothing to import")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(f"{name}: starts like UTF-16 but is not valid UTF-16 "
                               "(damaged or binary?); save it again as UTF-8 text") from None
    elif b"\x00" in data:
        raise ImportFailed(f"{name}: contains NUL bytes, so it is binary or UTF-16 without a "
                           f"byte-order mark, not text; {_SAVE}")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, encoding = _legacy(data, name)
            warnings.append(f"{name}: not UTF-8; read as {encoding} "
                            "(check accented letters such as ë and ç)")
    if "\x00" in text or _looks_binary(text):
        raise ImportFailed(f"{name}: looks like binary data (many control characters), "
                           f"not text; {_SAVE}")
    text = normalise(text)
    if not text:
        raise ImportFailed(f"{name}: the file is empty; nothing to import")
    return text, warnings


def read_bytes(path: Path, folder_hint: str = "give the files in it") -> bytes:
    """The bytes of an input file, or one ImportFailed that says why not."""
    try:
        if path.is_dir():
            raise IsADirectoryError
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path.name}: no such file ({path})") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path.name}: is a folder; {folder_hint}") from None
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot read it ({exc.strerror or exc}); "
                           "check that it exists and that you may read it") from None
