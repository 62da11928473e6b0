"""Fixtures for the workbench: tiny projects with non-ASCII text and a theme
name with brackets (markup bugs), one terminal size, no cursor blink."""

from __future__ import annotations

from pathlib import Path

import pytest

from vos_coder.core.model import ParsedSource, Turn
from vos_coder.store import Project

SIZE = (120, 36)

TURNS = [
    ("Interviewer", "Çfarë ndodhi në shkollë atë javë?"),
    ("Participant", ("Mësuesja më dëgjoi me kujdes. Ajo telefonoi linjën e ndihmës [helpline] "
                    "për mua, dhe unë ndjeva që dikush më besonte.")),
    ("Interviewer", "Po në familje, a folët?"),
    ("Participant", "Në familje nuk flitej për këtë. Heshtja ishte rregull i shtëpisë."),
]


def tiny_text() -> tuple[str, tuple[Turn, ...]]:
    parts, turns, pos = [], [], 0
    for n, (speaker, words) in enumerate(TURNS, 1):
        line = f"{speaker}: {words}"
        turns.append(Turn(n, speaker, pos, pos + len(line)))
        parts.append(line)
        pos += len(line) + 2
    return "\n\n".join(parts) + "\n", tuple(turns)


def make_tiny(path: Path) -> Path:
    """A project file with one source of four turns and three themes."""
    text, turns = tiny_text()
    with Project.create(path, codebook="empty") as p:
        p.add_theme("Silence [family]", colour="#e45756")
        p.add_theme("Helpline", colour="#4c78a8")
        p.add_theme("School", colour="#54a24b")
        p.add_source("VoS-AL-01", "Bisedë e parë", ParsedSource(text, turns))
    return path


@pytest.fixture
def tiny_path(tmp_path) -> Path:
    return make_tiny(tmp_path / "tiny.db")


def make_app(path: Path, coder: str = "tester"):
    from vos_coder.tui.app import VosApp

    return VosApp(Project.open(path), coder, cursor_blink=False)


async def settle(pilot, app) -> None:
    """Let messages, screen switches and workers finish."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def rows(path: Path, sql: str, params=()) -> list[tuple]:
    from vos_coder.store.engine import sqlite as sqlite3

    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()
