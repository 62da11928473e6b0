"""Subtitle transcripts: .vtt via webvtt-py, .srt via srt.

One turn per cue, stored one line per cue as ``Speaker: text`` (or just the
text when the cue names no speaker), a blank line between cues. The speaker
comes from a VTT voice tag (``<v Ana>``) or a ``Name:`` prefix; the turn keeps
the cue start as ``HH:MM:SS.mmm``. Markup (``<i>``, ``<c.x>``, ``{\\an8}``) is
stripped and entities (``&amp;``) are resolved. A VTT cue with several voices
gives one turn per voice, all with the cue's start.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import decode
from vos_coder.importers.turns import LABEL, speaker_name

_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
# A name before a colon: up to four capitalised words ("Ana", "Speaker 2", "Dr. Hoxha").
_NAME = re.compile(r"^(?P<name>[^\W\d_][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,3})[ \t]*:[ \t]+", re.UNICODE)
Cue = tuple[str, str | None, str]  # (start "HH:MM:SS.mmm", voice or None, body)


def _stamp(td: timedelta) -> str:
    ms = max(0, round(td.total_seconds() * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _clean(body: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", body)).split())


def _speaker_prefix(body: str) -> tuple[str | None, str]:
    """(speaker, rest) when the line starts ``Name:``; (None, body) otherwise."""
    label = LABEL.match(body)
    if label:
        return speaker_name(label.group("label")), body[label.end():]
    named = _NAME.match(body)
    if named and named.group("name")[0].isupper() and len(named.group("name")) <= 40:
        return named.group("name"), body[named.end():]
    return None, body


def _assemble(cues: list[Cue], name: str, warnings: list[str]) -> ParsedSource:
    parts: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for stamp, voice, raw in cues:
        body = _clean(raw)
        speaker = voice.strip() if voice and voice.strip() else None
        if speaker is None:
            speaker, body = _speaker_prefix(body)
        if not body:
            continue
        line = normalise(f"{speaker}: {body}" if speaker else body).rstrip("\n")
        turns.append(Turn(len(turns) + 1, speaker or "", pos, pos + len(line), stamp))
        parts.append(line)
        pos += len(line) + 2
    if not parts:
        raise ImportFailed(f"{name}: no subtitle cues with text; nothing to import")
    return ParsedSource("\n\n".join(parts) + "\n", tuple(turns), "conversation", tuple(warnings))


def _voices(start: str, raw: str) -> list[Cue]:
    """Split a VTT cue's raw text at its voice tags."""
    tags = list(_VOICE.finditer(raw))
    if not tags:
        return [(start, None, raw)]
    cues: list[Cue] = []
    if raw[:tags[0].start()].strip():
        cues.append((start, None, raw[:tags[0].start()]))
    for i, tag in enumerate(tags):
        end = tags[i + 1].start() if i + 1 < len(tags) else len(raw)
        voice = _clean(tag.group(1) or "") or None
        cues.append((start, voice, raw[tag.end():end]))
    return cues


def _vtt_start(value: str) -> str:
    """``MM:SS.mmm`` or ``HH:MM:SS.mmm`` as ``HH:MM:SS.mmm``."""
    parts = value.strip().split(":")
    return ":".join(["00"] * (3 - len(parts)) + parts)


def parse_vtt(data: bytes, name: str) -> ParsedSource:
    """A WebVTT file's bytes as text with one turn per cue."""
    import webvtt
    from webvtt.errors import MalformedFileError

    text, warnings = decode(data, name)
    try:
        captions = webvtt.from_string(text)
        cues = [cue for c in captions for cue in _voices(_vtt_start(c.start), c.raw_text)]
    except MalformedFileError:
        raise ImportFailed(f"{name}: not a valid WebVTT file; check the WEBVTT header and "
                           "the cue timings (00:00:01.000 --> 00:00:04.000)") from None
    except Exception as exc:  # noqa: BLE001 - webvtt-py raises several kinds on odd input
        raise ImportFailed(f"{name}: not a valid WebVTT file ({type(exc).__name__}); check the "
                           "WEBVTT header and the cue timings") from None
    return _assemble(cues, name, warnings)


def parse_srt(data: bytes, name: str) -> ParsedSource:
    """An SRT file's bytes as text with one turn per cue."""
    import srt

    text, warnings = decode(data, name)
    try:
        cues: list[Cue] = [(_stamp(s.start), None, s.content) for s in srt.parse(text)]
    except srt.SRTParseError as exc:  # its message quotes the text: keep that out of logs
        line = text.count("\n", 0, exc.actual_start) + 1
        raise ImportFailed(f"{name}: not a valid SRT file (unexpected text at line {line}); "
                           "check the cue numbers and the timings "
                           "(00:00:01,000 --> 00:00:04,000)") from None
    except (ValueError, OverflowError) as exc:
        raise ImportFailed(f"{name}: not a valid SRT file ({type(exc).__name__} in a cue); "
                           "check the cue numbers and the timings") from None
    return _assemble(cues, name, warnings)
