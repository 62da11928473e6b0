"""Shared fixtures: real project files in tmp_path, isolation from the
developer's environment, and a guard that fails any network use."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from vos_coder.store import Project

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "sample_transcripts"


def shared_path(*parts: str) -> Path:
    """A file of ../shared/, or a skip that says why it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/ is only beside the repository in CI and dev)")
    return path


@pytest.fixture(autouse=True)
def _isolate(monkeypatch, tmp_path):
    monkeypatch.setenv("VOS_CODER_USER", "tester")
    monkeypatch.delenv("VOS_CODER_DB", raising=False)
    monkeypatch.delenv("VOS_CODER_CODER", raising=False)
    monkeypatch.delenv("VOS_CODER_KEY", raising=False)
    monkeypatch.setenv("VOS_HOME", str(tmp_path / "vos-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("VOS_CODER_PASSPHRASE", raising=False)
    monkeypatch.delenv("VOS_CODER_KEY", raising=False)
    from vos_coder.store import crypto

    crypto.forget_all()
    yield
    crypto.forget_all()


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """vos-coder never opens a network connection: any attempt fails the test."""

    def refuse(self, address, *args, **kwargs):
        family = getattr(self, "family", None)
        if family == socket.AF_UNIX:
            return original_connect(self, address, *args, **kwargs)
        raise NetworkUsed(f"network connection attempted to {address!r}")

    original_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(NetworkUsed(str(address))))


# -- both kinds of project --------------------------------------------------------------
#: The passphrase of every encrypted project the tests make.
TEST_PASSPHRASE = "tests only: plum lantern violet"
#: Tests derive keys with a cheaper scrypt (2**10) so that hundreds of encrypted
#: projects stay fast; production's cost is checked in tests/store/test_encryption.py.
TEST_SCRYPT_LOG2_N = 10


@pytest.fixture(params=["plain", "encrypted"])
def project_kind(request, monkeypatch) -> str:
    """Runs a test on a plain and on an encrypted project: the project fixtures
    below use it, so every test built on them runs twice. An encrypted run also
    sets VOS_CODER_PASSPHRASE, so the test's own Project.open and CLI calls work."""
    if request.param == "encrypted":
        from vos_coder.store import crypto

        monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", TEST_SCRYPT_LOG2_N)
        monkeypatch.setenv("VOS_CODER_PASSPHRASE", TEST_PASSPHRASE)
    return request.param


def _passphrase(kind: str) -> str | None:
    return TEST_PASSPHRASE if kind == "encrypted" else None


@pytest.fixture
def project(tmp_path, project_kind) -> Project:
    """A fresh project with an empty codebook (plain, then encrypted)."""
    p = Project.create(tmp_path / "empty.db", codebook="empty", passphrase=_passphrase(project_kind))
    yield p
    p.close()


@pytest.fixture
def vos_project(tmp_path, project_kind) -> Project:
    """A fresh project with the vos starter codebook and no sources (plain, then encrypted)."""
    p = Project.create(tmp_path / "vos.db", passphrase=_passphrase(project_kind))
    yield p
    p.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from vos_coder.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_path(_demo_template, tmp_path) -> Path:
    """A copy of the demo project (built once per session from sample_transcripts/),
    with its key file (an empty identifier list) beside it."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    path.chmod(0o600)
    shutil.copy(_demo_template.with_suffix(".key"), path.with_suffix(".key"))
    return path


@pytest.fixture(scope="session")
def _encrypted_demo_template(_demo_template, tmp_path_factory) -> Path:
    from vos_coder.store import crypto
    from vos_coder.store.encryption import encrypt_project

    path = tmp_path_factory.mktemp("demo-encrypted") / "demo.db"
    shutil.copy(_demo_template, path)
    cost, crypto.SCRYPT_LOG2_N = crypto.SCRYPT_LOG2_N, TEST_SCRYPT_LOG2_N
    try:
        encrypt_project(path, TEST_PASSPHRASE)
        from vos_coder.privacy.keyfile import load_key

        key = load_key(_demo_template.with_suffix(".key"))
        key.path, key.passphrase = path.with_suffix(".key"), TEST_PASSPHRASE
        key.save()  # sealed, as `vos-coder encrypt` leaves it
    finally:
        crypto.SCRYPT_LOG2_N = cost
        crypto.forget_all()
    return path


@pytest.fixture
def demo_project(request, tmp_path, project_kind) -> Project:
    """The demo project (plain, then encrypted)."""
    if project_kind == "encrypted":
        path = tmp_path / "demo-encrypted.db"
        template = request.getfixturevalue("_encrypted_demo_template")
        shutil.copy(template, path)
        path.chmod(0o600)
        shutil.copy(template.with_suffix(".key"), path.with_suffix(".key"))
    else:
        path = request.getfixturevalue("demo_path")
    p = Project.open(path)
    yield p
    p.close()


def open_raw(path: Path):
    """A bare engine connection to a project file, keyed when it is encrypted
    (with the passphrase the test set), for tests that read the file directly."""
    from vos_coder.store import crypto
    from vos_coder.store.connection import _unlock
    from vos_coder.store.engine import sqlite

    if Path(path).exists() and crypto.file_kind(Path(path)) == "encrypted":
        return _unlock(Path(path))[0]
    return sqlite.connect(str(path))
