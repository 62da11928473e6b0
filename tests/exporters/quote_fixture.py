"""A small project with quotes for exporter, analysis and CLI tests: two
survivors (one with timestamped turns), a frontline worker attributed
anonymously, and a withdrawn survivor whose words must never be exported.
All text is fictional and written for these tests."""

from __future__ import annotations

from pathlib import Path

from vos_coder.core.model import ParsedSource
from vos_coder.importers.text import parse_text
from vos_coder.privacy.keyfile import create_key
from vos_coder.store import Project
from vos_coder.store.engine import sqlite as sqlite3

ONE = """[00:00:05] Interviewer: Who did you tell first?
[00:00:09] Participant: I told my aunt first, because she lives far away and she does not gossip. Later I told a teacher at school, and she listened to me.
[00:01:02] Interviewer: And the police?
[00:01:10] Participant: At the station they wanted the messages printed on paper. Nobody told me what would happen next, and I waited for weeks.
"""

TWO = """Interviewer: Was there a counsellor near you?
Participant: The nearest counsellor was two buses away. In our village people would see you go in, and by evening everybody would know.
Interviewer: What would have helped?
Participant: A phone line where nobody sees your face. Ëmbëlsira [sic] and silence are what we get at home.
"""

GONE = """Interviewer: Tell me about school.
Participant: The withdrawn girl said her headmaster laughed at her in front of the class.
"""

WORKER = "Children often think the police will not believe them, so they stay quiet."

# (pid, passage, themes) coded by the builder, in this order.
CODINGS = [
    ("VoS-AL-01", "I told my aunt first, because she lives far away and she does not gossip.",
     ["Fear of how others respond"]),
    ("VoS-AL-01", "they wanted the messages printed on paper",
     ["Law enforcement response and burden of evidence"]),
    ("VoS-AL-01", "Nobody told me what would happen next, and I waited for weeks.",
     ["Information on rights and process after reporting"]),
    ("VoS-AL-02", "The nearest counsellor was two buses away.", ["Availability by location"]),
    ("VoS-AL-02", "In our village people would see you go in, and by evening everybody would know.",
     ["Stigma of seeking help", "Availability by location"]),
    ("VoS-AL-02", "A phone line where nobody sees your face.", ["Remote support by phone or online"]),
    ("VoS-AL-03", "her headmaster laughed at her in front of the class.",
     ["Fear of how others respond"]),
]


def build_quote_project(path: Path, approve: bool = True) -> Project:
    """Create the project at ``path``; with ``approve`` approve every quote
    but Q-006 (excluded), and shorten Q-005 with […]."""
    p = Project.create(path)
    create_key(path)  # the lead's copy: an (empty) identifier list beside the project
    p.add_source("VoS-AL-01", "VoS-AL-01", parse_text(ONE.encode(), "VoS-AL-01.txt"))
    p.add_source("VoS-AL-02", "VoS-AL-02", parse_text(TWO.encode(), "VoS-AL-02.txt"))
    p.add_source("VoS-AL-03", "VoS-AL-03", parse_text(GONE.encode(), "VoS-AL-03.txt"))
    p.add_source("FW-01", "FW-01 open_awareness", ParsedSource(WORKER + "\n", (), "survey answer"),
                 group="frontline worker")
    p.set_attributes("VoS-AL-01", {"town_type": "city", "age": "19"})
    p.set_attributes("VoS-AL-02", {"town_type": "rural", "age": "18"})
    p.set_attributes("VoS-AL-03", {"town_type": "rural", "age": "20"})
    p.set_attributes("FW-01", {"gender": "woman", "barriers": ["Stigma", "Fear of blame"]})
    for pid, match, themes in CODINGS:
        start, end = p.match_span(pid, match)
        p.code(pid, start, end, themes, "tester")
    start, end = p.match_span("FW-01 open_awareness", WORKER)
    p.code("FW-01 open_awareness", start, end, ["Fear of how others respond"], "tester")
    if approve:
        for ref in range(1, 9):
            p.set_quote_status(ref, "excluded" if ref == 6 else "approved")
        p.set_display_text("Q-005", "In our village people would see you go in […] everybody would know.")
    withdraw(path, "VoS-AL-03")
    return p


def withdraw(path: Path, pid: str) -> None:
    """Mark a participant withdrawn (the privacy commands do this for users)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = ?", [pid])
    conn.close()
