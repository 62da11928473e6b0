"""A source's turns are stored exactly as the importer found them, with or
without timestamps (the store leaves the timestamp column out when no turn
has one: binding None costs the sqlite3 module an adapter lookup per value)."""

from __future__ import annotations

import pytest

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.errors import InvalidInput
from vos_coder.store import Project

TEXT = "Interviewer: Where did you go?\n\nParticipant: To the centre.\n\nInterviewer: Alone?\n"
SPANS = [(0, 30), (32, 59), (61, 80)]


def _turns(stamps):
    speakers = ["Interviewer", "Participant", "Interviewer"]
    return tuple(Turn(n, speaker, a, b, ts)
                 for n, (speaker, (a, b), ts) in enumerate(zip(speakers, SPANS, stamps), 1))


@pytest.mark.parametrize("stamps", [
    (None, None, None),
    ("00:00:01", "00:00:04.500", "00:01:02"),
    ("00:00:01", None, "00:01:02"),
    (None, None, "00:01:02"),
])
def test_turns_come_back_as_they_were_given(tmp_path, stamps):
    turns = _turns(stamps)
    with Project.create(tmp_path / "p.db") as p:
        src = p.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource(TEXT, turns))
    with Project.open(tmp_path / "p.db") as p:
        assert p.turns(src.id) == list(turns)
        assert p.turn_at(src.id, 40) == turns[1]
        rows = p.db.conn.execute(
            "SELECT n, timestamp IS NULL FROM turns WHERE source_id = ? ORDER BY n", [src.id])
        assert [bool(null) for _n, null in rows] == [ts is None for ts in stamps]


@pytest.mark.parametrize("n, start, end", [
    (3, 61, len(TEXT) + 1),  # past the end
    (1, -1, 30),  # before the start
    (2, 40, 35),  # ends before it starts
    (3, 61, 61),  # empty, at a valid place: fine
])
def test_a_turn_outside_the_text_stores_nothing(tmp_path, n, start, end):
    turns = list(_turns((None, None, None)))
    turns[n - 1] = Turn(n, turns[n - 1].speaker, start, end)
    with Project.create(tmp_path / "p.db") as p:
        if start <= end and start >= 0 and end <= len(TEXT):
            p.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource(TEXT, tuple(turns)))
            assert p.turns(p.sources()[0].id) == turns
            return
        with pytest.raises(InvalidInput, match=f"^VoS-AL-01: turn {n} lies outside the text$"):
            p.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource(TEXT, tuple(turns)))
        assert p.sources() == []
        assert p.db.conn.execute("SELECT count(*) FROM turns").fetchone()[0] == 0


def test_a_text_without_turns_stores_none(tmp_path):
    with Project.create(tmp_path / "p.db") as p:
        src = p.add_source("VoS-AL-01", "VoS-AL-01", ParsedSource("Notes of a visit.\n"))
        assert p.turns(src.id) == []
