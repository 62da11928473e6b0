"""Fixtures for the workbench: tiny projects with non-ASCII text and a theme
name with brackets (markup bugs), one terminal size, no cursor blink.

A test marked ``@pytest.mark.encrypted_too`` runs twice: on a plain tiny
project and on an encrypted one (``tiny_kind``), opened as the workbench opens
it after its passphrase dialog (the passphrase known to the process, nothing in
the environment). ``rows`` reads either kind; after an encrypted run the
project file, its -wal and its key file are checked to hold no readable text.
"""

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


def make_tiny(path: Path, passphrase: str | None = None) -> Path:
    """A project file with one source of four turns and three themes
    (encrypted when a passphrase is given)."""
    text, turns = tiny_text()
    with Project.create(path, codebook="empty", passphrase=passphrase) as p:
        p.add_theme("Silence [family]", colour="#e45756")
        p.add_theme("Helpline", colour="#4c78a8")
        p.add_theme("School", colour="#54a24b")
        p.add_source("VoS-AL-01", "Bisedë e parë", ParsedSource(text, turns))
    return path


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("encrypted_too") and "tiny_kind" in metafunc.fixturenames:
        metafunc.parametrize("tiny_kind", ["plain", "encrypted"], indirect=True)


@pytest.fixture
def tiny_kind(request, monkeypatch) -> str:
    """"plain", or "encrypted" for tests marked encrypted_too (their second run)."""
    kind = getattr(request, "param", "plain")
    if kind == "encrypted":
        from tests.conftest import TEST_SCRYPT_LOG2_N
        from vos_coder.store import crypto

        monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", TEST_SCRYPT_LOG2_N)
    return kind


#: Text of the tiny project (and of what the tests add) that must never be
#: readable in the bytes of an encrypted project, its -wal or its key file.
SECRET_WORDS = ("Mësuesja", "Heshtja", "rregull", "VoS-AL-0", "Silence", "Helpline",
                "Bisedë", "house rule", "Read this one", "tester")


def assert_nothing_readable(path: Path, words=SECRET_WORDS) -> None:
    """The project file, its -wal and its key file hold none of ``words`` in
    their raw bytes (UTF-8, and UTF-16 as SQLite could store text)."""
    files = [Path(f"{path}{s}") for s in ("", "-wal")] + [path.with_suffix(".key")]
    for f in files:
        if not f.exists():
            continue
        raw = f.read_bytes()
        for word in words:
            for enc in ("utf-8", "utf-16-le"):
                assert word.encode(enc) not in raw, f"{word!r} readable in {f.name}"


@pytest.fixture
def tiny_path(tmp_path, tiny_kind) -> Path:
    if tiny_kind == "plain":
        yield make_tiny(tmp_path / "tiny.db")
        return
    from tests.conftest import TEST_PASSPHRASE
    from vos_coder.store import crypto

    path = make_tiny(tmp_path / "tiny.db", TEST_PASSPHRASE)
    crypto.forget_all()
    crypto.remember(TEST_PASSPHRASE)  # as the passphrase dialog leaves the workbench's process
    yield path
    assert_nothing_readable(path)


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
    """What the project file holds (a bare connection; keyed when it is encrypted)."""
    from tests.conftest import open_raw

    con = open_raw(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()
