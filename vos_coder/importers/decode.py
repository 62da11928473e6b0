"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy
single-byte encodings guessed by charset-normalizer, with a warning.

A file that is UTF-8 apart from a few bad bytes (a stray byte pasted from
another program) stays UTF-8: the bad bytes become U+FFFD and the warning
names their lines. A legacy code page is chosen only when the file as a whole
reads better in it: when it has no valid UTF-8 letter at all, or four times
more broken bytes than valid letters. (In a real cp1250/cp1252 file almost
every accented letter is a broken UTF-8 sequence, and a valid one is a rare
accident, such as `Ë` right before `»`; in a UTF-8 file even one valid `ë` or
`—` next to a stray byte is telling. A plain-ASCII file with one stray byte
reads as the code page, which gives that byte a meaning instead of replacing
it.)

Input files are read only if they are regular files (a FIFO would block for
ever, a device such as /dev/zero never ends) and no larger than MAX_BYTES.

Every text returned is normalised (NFC, LF, no BOM). Empty files, files with
NUL bytes (other than UTF-16) and binary data are refused, each with its own
message.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections import Counter
from pathlib import Path

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
    # Here, not at the top: most files are UTF-8, and charset-normalizer's
    # loading would be paid by every import.
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

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


_BAD = re.compile("[\udc80-\udcff]+")


def _lines(text: str, positions: list[int]) -> str:
    """``3, 17 and 40`` (1-based line numbers of positions, at most 10 named)."""
    lines, line, last = [], 1, 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        if not lines or lines[-1] != line:
            lines.append(line)
    named = [str(n) for n in lines[:10]] + ([f"{len(lines) - 10} more"] if len(lines) > 10 else [])
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]


def _mostly_utf8(data: bytes, name: str) -> tuple[str, list[str]] | None:
    """UTF-8 with its bad bytes replaced and a warning naming their lines;
    None when the file reads better in a code page (see the module doc)."""
    raw = data.decode("utf-8", errors="surrogateescape")
    raw = raw.removeprefix("\ufeff")
    bad = list(_BAD.finditer(raw))
    n_bad = sum(m.end() - m.start() for m in bad)
    n_ok = sum(1 for ch in _NON_ASCII.findall(raw) if not "\udc80" <= ch <= "\udcff")
    if n_ok == 0 or n_ok * 4 < n_bad:
        return None  # broken sequences outnumber UTF-8 letters four to one: a code page
    text = _BAD.sub("\ufffd", raw)
    where = _lines(raw, [m.start() for m in bad])
    what = f"{n_bad} bytes that are not UTF-8 were" if n_bad > 1 else "1 byte that is not UTF-8 was"
    return text, [(f"{name}: {what} replaced by \ufffd on line{'s' if ' ' in where else ''} {where}; "
                   "the rest is read as UTF-8 (check those lines against the original)")]


# Escape sequences and other controls a transcript has no use for (tab and line
# feed stay; form feed and vertical tab, which Word exports for page breaks,
# become line feeds).
_STORED_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _show_controls(text: str, name: str) -> tuple[str, list[str]]:
    """Text with escape sequences made inert before it is ever stored: each
    control character written out as ``\\u001b``, with a warning naming the lines."""
    if "\x0b" in text or "\x0c" in text:
        text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text, []  # every control (and bidi mark) is unprintable: none here
    found = [m.start() for m in _STORED_CONTROLS.finditer(text)]
    if not found:
        return text, []
    where = _lines(text, found)
    shown = _STORED_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return shown, [(f"{name}: {len(found)} control character(s) (escape sequences?) on "
                    f"line{'s' if ' ' in where else ''} {where} were stored written out as "
                    "\\uXXXX, so no terminal or document obeys them")]


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """``(text, warnings)`` for the bytes of the file called ``name``.

    UTF-8 with or without BOM and UTF-16 LE/BE with BOM are read silently;
    anything else is read in the single-byte encoding charset-normalizer
    guesses, with a warning naming it. Raises ImportFailed for an empty file,
    NUL bytes outside UTF-16, and binary data."""
    warnings: list[str] = []
    if not data or data.isspace():  # (no copy of the file, unlike strip())
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
            repaired = _mostly_utf8(data, name)
            if repaired is not None:
                text, warnings = repaired[0], list(repaired[1])
            else:
                text, encoding = _legacy(data, name)
                warnings.append(f"{name}: not UTF-8; read as {encoding} "
                                "(check accented letters such as ë and ç)")
    shown: list[str] = []
    # Nothing unprintable but tabs and line feeds (most transcripts): no NUL,
    # no controls, so neither binary nor anything to show.
    if not text.replace("\n", "").replace("\t", "").isprintable():
        if "\x00" in text or _looks_binary(text):
            raise ImportFailed(f"{name}: looks like binary data (many control characters), "
                               f"not text; {_SAVE}")
        text, shown = _show_controls(text, name)
    text = normalise(text)
    if not text:
        raise ImportFailed(f"{name}: the file is empty; nothing to import")
    return text, warnings + shown


#: The largest input file read (a transcript is well under 10 MB, a .docx with
#: photos a few tens); anything bigger is refused before it is read.
MAX_BYTES = 128 * 1024 * 1024


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: Path, folder_hint: str = "give the files in it",
               limit: int | None = None) -> bytes:
    """The bytes of an input file, or one ImportFailed that says why not.
    Only regular files are read (a FIFO, socket or device is refused without
    opening it) and at most ``limit`` bytes (default MAX_BYTES)."""
    limit = MAX_BYTES if limit is None else limit
    path = Path(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise ImportFailed(f"{path.name}: is {_kind(st.st_mode)}, not a regular file; "
                               "vos-coder reads only files saved on disk")
        if st.st_size > limit:
            raise ImportFailed(f"{path.name}: is {_size(st.st_size)}; vos-coder reads files up "
                               f"to {_size(limit)}; split it or check that it is the right file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):  # swapped since stat()
                raise ImportFailed(f"{path.name}: is not a regular file; vos-coder reads only "
                                   "files saved on disk")
            # Read the size the file has, plus one byte to see whether it grew:
            # a read of the limit itself would reserve the limit's memory for
            # every file (128 MB, for a 40 kB transcript).
            want = min(st.st_size, limit) + 1
            data = fh.read(want)
            if len(data) == want and want <= limit:  # grew since: the rest, up to the limit
                data += fh.read(limit + 1 - want)
        if len(data) > limit:  # grew while being read
            raise ImportFailed(f"{path.name}: is larger than {_size(limit)}; split it or check "
                               "that it is the right file")
        return data
    except FileNotFoundError:
        raise ImportFailed(f"{path.name}: no such file ({path})") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path.name}: is a folder; {folder_hint}") from None
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot read it ({exc.strerror or exc}); "
                           "check that it exists and that you may read it") from None


def refuse_special(path: Path) -> None:
    """Raise ImportFailed if path exists but is a FIFO, socket or device (which
    would block or never end); a missing file or folder is left to the caller."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ImportFailed(f"{Path(path).name}: is {_kind(mode)}, not a regular file; "
                           "vos-coder reads only files saved on disk")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
