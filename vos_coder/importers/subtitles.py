"""Subtitle transcripts (.vtt via webvtt-py, .srt via srt): one turn per cue,
stored one cue per paragraph as ``Speaker: text``, the cue start kept."""

from __future__ import annotations

import re
from datetime import timedelta

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.core.text import normalise
from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import decode
from vos_coder.importers.turns import LABEL, speaker_name

_TAGS = re.compile(r"<[^>]+>")


def _stamp(td: timedelta) -> str:
    ms = int(td.total_seconds() * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _assemble(cues: list[tuple[str, str | None, str]], name: str) -> ParsedSource:
    """(timestamp, voice or None, text) per cue -> text with one turn per cue."""
    parts: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for stamp, voice, body in cues:
        body = " ".join(_TAGS.sub("", body).split())
        if not body:
            continue
        speaker = voice
        label = LABEL.match(body)
        if speaker is None and label:
            speaker = speaker_name(label.group("label"))
            body = body[label.end():]
        line = f"{speaker}: {body}" if speaker else body
        line = normalise(line).rstrip("\n")
        turns.append(Turn(len(turns) + 1, speaker or "", pos, pos + len(line), stamp))
        parts.append(line)
        pos += len(line) + 2
    if not parts:
        raise ImportFailed(f"{name}: no subtitle cues with text; nothing to import")
    return ParsedSource("\n\n".join(parts) + "\n", tuple(turns), "conversation")


def parse_vtt(data: bytes, name: str) -> ParsedSource:
    import webvtt

    text, warnings = decode(data, name)
    try:
        captions = webvtt.from_string(text)
        cues = [(c.start, c.voice, c.raw_text if c.voice is None else c.text) for c in captions]
    except Exception as exc:  # noqa: BLE001 - webvtt raises several kinds on malformed files
        raise ImportFailed(f"{name}: not a valid WebVTT file ({exc}); check the timings "
                           "and the WEBVTT header") from None
    parsed = _assemble(cues, name)
    return ParsedSource(parsed.text, parsed.turns, parsed.kind, tuple(warnings))


def parse_srt(data: bytes, name: str) -> ParsedSource:
    import srt

    text, warnings = decode(data, name)
    try:
        cues = [(_stamp(s.start), None, s.content) for s in srt.parse(text)]
    except (srt.SRTParseError, ValueError) as exc:
        raise ImportFailed(f"{name}: not a valid SRT file ({str(exc).splitlines()[0][:80]}); "
                           "check the numbering and timings") from None
    parsed = _assemble(cues, name)
    return ParsedSource(parsed.text, parsed.turns, parsed.kind, tuple(warnings))
