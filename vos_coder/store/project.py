"""The Project service: the only code that reads or writes a project file.

Every face of vos-coder (CLI, TUI, exporters, analyses) goes through it and
gets core values back. Each method that changes data runs in one transaction.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

from vos_coder.core.ids import IdScheme, check_scheme
from vos_coder.errors import ProjectError
from vos_coder.store.batch import BatchCodingMixin
from vos_coder.store.batch_coding import SpanCodingMixin
from vos_coder.store.codebook_care import CodebookCareMixin
from vos_coder.store.coding import CodingMixin
from vos_coder.store.connection import connect, create_private_file
from vos_coder.store.crypto import Cipher, new_cipher
from vos_coder.store.database import Database
from vos_coder.store.filtering import FilterMixin
from vos_coder.store.interchange import InterchangeMixin
from vos_coder.store.memos import MemosMixin
from vos_coder.store.migrations import migrate
from vos_coder.store.participants import DEFAULT_GROUPS, ParticipantsMixin
from vos_coder.store.privacy import PrivacyMixin
from vos_coder.store.queries import QueryMixin
from vos_coder.store.quick_keys import QuickKeysMixin
from vos_coder.store.quotes import QuotesMixin
from vos_coder.store.sources import SourcesMixin
from vos_coder.store.tally import TallyMixin
from vos_coder.store.team import TeamMixin
from vos_coder.store.themes import ThemesMixin
from vos_coder.store.verify import VerifyMixin

STARTER_CODEBOOKS = ("vos", "empty")


def starter_codebook(name: str) -> dict:
    from importlib import resources

    import yaml  # only when a project is created

    data = resources.files("vos_coder.codebooks").joinpath(f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(data)


class Project(
    QuickKeysMixin,
    BatchCodingMixin,
    PrivacyMixin,
    MemosMixin,
    SpanCodingMixin,
    FilterMixin,
    CodebookCareMixin,
    QuotesMixin,
    TeamMixin,
    VerifyMixin,
    InterchangeMixin,
    QueryMixin,
    CodingMixin,
    ThemesMixin,
    SourcesMixin,
    ParticipantsMixin,
    TallyMixin,
):
    """One vos-coder project file. Open with ``Project.open(path)`` or make a
    new one with ``Project.create(path, ...)``; use as a context manager."""

    def __init__(self, db: Database, path: Path, cipher: Cipher | None = None) -> None:
        self.db = db
        self.path = path
        self.cipher = cipher

    @property
    def encrypted(self) -> bool:
        """True when the project file is encrypted (SQLCipher)."""
        return self.cipher is not None

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike) -> Project:
        """Open an existing project. Anything that is not one (a missing,
        empty, foreign or damaged file) is refused without being changed; an
        encrypted project needs its passphrase (see store/crypto.py)."""
        path = Path(path)
        db, cipher = connect(path)
        try:
            migrate(db, path)
        except BaseException:
            db.close()
            raise
        return cls(db, path, cipher)

    @classmethod
    def create(cls, path: str | os.PathLike, study: str = "VoS", countries: tuple[str, ...] = ("AL",),
               codebook: str = "vos", passphrase: str | None = None) -> Project:
        """Make a new project file (0600); encrypted when a passphrase is given."""
        path = Path(path)
        if codebook not in STARTER_CODEBOOKS:
            raise ProjectError(f"unknown codebook {codebook!r}; choose {' or '.join(STARTER_CODEBOOKS)}")
        scheme = check_scheme(study, countries)
        cipher = new_cipher(passphrase) if passphrase is not None else None
        create_private_file(path)
        try:
            db, cipher = connect(path, create=True, cipher=cipher)
            try:
                migrate(db, path)
                project = cls(db, path, cipher)
                with project.transaction():
                    project.set_setting("study", scheme.study)
                    project.set_setting("countries", ",".join(scheme.countries))
                    for g in DEFAULT_GROUPS:
                        project.set_group(g.name, g.attribution, g.label)
                    if codebook != "empty":
                        project.import_codebook(starter_codebook(codebook), stable_ids=True)
                    project.audit("project.create", study=scheme.study, codebook=codebook,
                                  encrypted=cipher is not None)
            except BaseException:
                db.close()  # releases the file's open-lock too (store/holds.py)
                raise
        except BaseException:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings ---------------------------------------------------------------
    @property
    def scheme(self) -> IdScheme:
        countries = tuple(c for c in (self.setting("countries", "AL") or "AL").split(",") if c)
        return IdScheme(self.setting("study", "VoS") or "VoS", countries,
                        self.setting("id_pattern") or None)
