"""A small fictional project for team tests: two transcripts with speaker
turns, the starter codebook, and no codings yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.store import Project

TURNS_01 = [
    ("Interviewer", "How did you first hear about the helpline?"),
    ("Participant", "A poster at the bus stop, but I ignored it for weeks."),
    ("Interviewer", "What made you call in the end?"),
    ("Participant", "My cousin sat with me and dialled. At home nobody speaks about such things."),
    ("Participant", "The counsellor on the phone was calm, and I could hang up whenever I wanted."),
]
TURNS_02 = [
    ("Interviewer", "Who did you tell first?"),
    ("Participant", "Nobody, for a long time. I was afraid my aunt would say it was my fault."),
    ("Interviewer", "And at school?"),
    ("Participant", "There was no counsellor at school, only a tired teacher with forty pupils."),
]


def transcript(turns: list[tuple[str, str]]) -> ParsedSource:
    """Text and speaker turns, one paragraph per turn."""
    text, out = "", []
    for n, (speaker, said) in enumerate(turns, 1):
        if text:
            text += "\n\n"
        line = f"{speaker}: {said}"
        out.append(Turn(n, speaker, len(text), len(text) + len(line)))
        text += line
    return ParsedSource(text + "\n", tuple(out))


def build_team_base(path: Path) -> Path:
    with Project.create(path) as p:
        p.add_source("VoS-AL-01", "VoS-AL-01", transcript(TURNS_01))
        p.add_source("VoS-AL-02", "VoS-AL-02", transcript(TURNS_02))
    return path


@pytest.fixture
def base_path(tmp_path) -> Path:
    """A project file with two transcripts and the starter codebook."""
    return build_team_base(tmp_path / "base.db")


def conflicts(report) -> list[tuple]:
    """The report's conflicts as (kind, subject, ours, theirs, resolution)."""
    return [(x.kind, x.subject, x.ours, x.theirs, x.resolution) for x in report.conflicts]
