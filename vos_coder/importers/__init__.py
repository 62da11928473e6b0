"""Importers: bytes in, core values out, or one ImportFailed naming the file
and what to do. No database access here."""

from __future__ import annotations

from pathlib import Path

from vos_coder.core.model import ParsedSource
from vos_coder.errors import ImportFailed

SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt", ".csv")


def read_source(path: Path) -> ParsedSource:
    """Parse one transcript file (any supported suffix but .csv)."""
    from vos_coder.importers.docx import parse_docx
    from vos_coder.importers.subtitles import parse_srt, parse_vtt
    from vos_coder.importers.text import parse_text

    parsers = {".txt": parse_text, ".md": parse_text, ".docx": parse_docx,
               ".vtt": parse_vtt, ".srt": parse_srt}
    suffix = path.suffix.lower()
    if suffix not in parsers:
        raise ImportFailed(f"{path.name}: unknown file type {suffix or '(none)'}; vos-coder "
                           f"imports {', '.join(SUFFIXES)}")
    if path.is_dir():
        raise ImportFailed(f"{path.name}: is a folder; give the files in it")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path.name}: no such file ({path})") from None
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot read it ({exc.strerror}); check its permissions") from None
    if not data.strip():
        raise ImportFailed(f"{path.name}: the file is empty; nothing to import")
    return parsers[suffix](data, path.name)


__all__ = ["SUFFIXES", "ParsedSource", "read_source"]
