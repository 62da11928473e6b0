"""Importers: bytes in, core values out, or one ImportFailed naming the file,
what is wrong and what to do. No database access here.

- :func:`read_source` reads one transcript (.txt, .md, .docx, .vtt, .srt);
- :func:`read_survey` reads a survey CSV (one respondent per row);
- :func:`find_turns` finds speaker turns in normalised text;
  ``vos_coder.importers.decode.decode`` turns bytes into such text (not
  re-exported here, so that the name keeps meaning the module).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from vos_coder.core.model import ParsedSource
from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import read_bytes
from vos_coder.importers.turns import find_turns, speaker_name

if TYPE_CHECKING:
    from vos_coder.importers.survey import Survey, SurveyRow, read_survey


#: Every suffix vos-coder imports; .csv is a survey (read_survey), the rest transcripts.
SUFFIXES = frozenset({".txt", ".md", ".docx", ".vtt", ".srt", ".csv"})
_ORDER = (".txt", ".md", ".docx", ".vtt", ".srt", ".csv")  # for messages


def _parser(suffix: str):
    if suffix in (".txt", ".md"):
        from vos_coder.importers.text import parse_text
        return parse_text
    if suffix == ".docx":
        from vos_coder.importers.docx import parse_docx
        return parse_docx
    if suffix == ".vtt":
        from vos_coder.importers.subtitles import parse_vtt
        return parse_vtt
    if suffix == ".srt":
        from vos_coder.importers.subtitles import parse_srt
        return parse_srt
    return None


def read_source(path: Path) -> ParsedSource:
    """Parse one transcript file, chosen by its suffix (any case).

    Raises ImportFailed for a missing or unreadable file, a folder, an
    unsupported suffix (.csv included: surveys go through read_survey) and
    any content the format's parser refuses."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise ImportFailed(f"{path.name}: a .csv file is a survey, not a transcript; "
                           "import it as a survey")
    parse = _parser(suffix)
    if parse is None:
        raise ImportFailed(f"{path.name}: unknown file type {suffix or '(no suffix)'}; "
                           f"vos-coder imports {', '.join(_ORDER)}")
    data = read_bytes(path)
    if not data or data.isspace():
        raise ImportFailed(f"{path.name}: the file is empty; nothing to import")
    return parse(data, path.name)


__all__ = [
    "SUFFIXES", "ImportFailed", "ParsedSource", "Survey", "SurveyRow", "find_turns",
    "read_source", "read_survey", "speaker_name",
]


def __getattr__(name: str) -> Any:
    """The survey reader, loaded on first use (it loads the csv module and
    rapidfuzz, which a folder of transcripts does not need)."""
    if name in ("Survey", "SurveyRow", "read_survey"):
        from vos_coder.importers import survey

        return getattr(survey, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
