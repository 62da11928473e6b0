"""Fixtures for the confidentiality tests: a project with two fictional
participants, codings, a quote display text and memos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE
from vos_coder.ingest import import_file
from vos_coder.privacy.keyfile import KEY_ENV, KeyFile
from vos_coder.store import Project, crypto

TEXT_04 = (
    "Interviewer: How did the school respond?\n\n"
    "Participant: Ardita from my class said the teacher would help. The zebraquartz "
    "lantern story spread to everyone in Lushnjë within two days. Arditës mother "
    "called the centre, and the counsellor listened to us.\n\n"
    "Interviewer: And afterwards?\n\n"
    "Participant: Afterwards I felt calmer. Ardita still writes to me every week.\n"
)
TEXT_05 = (
    "Interviewer: What would you change?\n\n"
    "Participant: More psychologists in small towns, and someone who keeps quiet "
    "about what you tell them. The ferngrove harbour plan helped my sister.\n"
)
UNIQUE_04 = "zebraquartz lantern story"
UNIQUE_05 = "ferngrove harbour plan"


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def key_with(folder: Path, ids) -> KeyFile:
    """A key file in ``folder`` holding the (kind, value) identifiers ``ids``."""
    key = KeyFile(folder / "ids.key")
    for kind, value in ids:
        key.add(kind, value)
    return key


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def coded(tmp_path) -> Project:
    """Two participants, each coded, with a quote display text and memos."""
    p = Project.create(tmp_path / "coded.db")
    s4 = import_file(p, write(tmp_path, "VoS-AL-04.txt", TEXT_04))
    s5 = import_file(p, write(tmp_path, "VoS-AL-05.txt", TEXT_05))
    theme = p.themes()[1].path
    p.code(s4, *span(TEXT_04, "Ardita from my class said the teacher would help."), theme)
    p.code(s4, *span(TEXT_04, "The zebraquartz lantern story spread to everyone in Lushnjë"), theme)
    p.code(s4, *span(TEXT_04, "the counsellor listened to us"), theme)
    p.code(s4, *span(TEXT_04, "Ardita still writes to me every week."), theme)
    p.code(s5, *span(TEXT_05, "The ferngrove harbour plan helped my sister."), theme)
    p.set_display_text("Q-001", "Ardita from my class said the teacher [would] help.")
    p.add_memo("participant", p.participant("VoS-AL-04").id, "Memo: zebraquartz lantern story again")
    excerpt_id = p.excerpts(s4)[1][0].id
    p.add_memo("excerpt", excerpt_id, "The zebraquartz lantern story matters here.")
    p.add_memo("source", s5, "Note on the ferngrove harbour plan")
    yield p
    p.close()


@pytest.fixture
def cheap_kdf(monkeypatch):
    """A fast key derivation, and the passphrase in the environment, for sealed files."""
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", 10)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, TEST_PASSPHRASE)


@pytest.fixture(autouse=True)
def no_key_env(monkeypatch):
    """A key file named in the tester's own environment changes nothing here."""
    monkeypatch.delenv(KEY_ENV, raising=False)


def on_disk(path: Path) -> dict:
    """A plain key file read as JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _fresh_matching_caches():
    """Each test prepares its identifier lists afresh: the prepared lists, the
    indexes and token_match are cached per process, and a cache filled by an
    earlier test (or by mutmut's first pass) would hide a change in how a list
    is prepared or indexed."""
    from vos_coder.privacy import lexicon, normalise
    from vos_coder.privacy.matching import clear_caches

    clear_caches()
    # and the per-word caches under them (not the parsed word lists: test_lexicon
    # parses those afresh)
    for cached in (normalise.fold_char, normalise._standard_fold, normalise.latin_lookalike,
                   lexicon.is_word):
        cached.cache_clear()
    yield
