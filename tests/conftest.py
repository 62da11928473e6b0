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


@pytest.fixture
def project(tmp_path) -> Project:
    """A fresh project with an empty codebook."""
    p = Project.create(tmp_path / "empty.db", codebook="empty")
    yield p
    p.close()


@pytest.fixture
def vos_project(tmp_path) -> Project:
    """A fresh project with the vos starter codebook and no sources."""
    p = Project.create(tmp_path / "vos.db")
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


@pytest.fixture
def demo_project(demo_path) -> Project:
    p = Project.open(demo_path)
    yield p
    p.close()
