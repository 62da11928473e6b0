"""`vos-coder encrypt` and `vos-coder decrypt`: convert a project between plain
and encrypted (SQLCipher), atomically, with its key file beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, use_terminal_prompt

KeyOpt = Annotated[Path | None, typer.Option(
    "--key", help="The key file to convert with it (default: the project name with .key, or VOS_CODER_KEY).")]


def _key_path(db: Path, key: Path | None) -> Path:
    from vos_coder.privacy.keyfile import default_key_path

    return key if key is not None else default_key_path(db)


def _refuse_when_open(db: Path) -> None:
    from vos_coder.errors import ProjectError
    from vos_coder.store.holds import open_elsewhere

    reason = open_elsewhere(db)
    if reason:
        raise ProjectError(reason)


def encrypt(db: DbOpt = Path(DEFAULT_DB), key: KeyOpt = None) -> None:
    """Encrypt a project (and its key file) with a passphrase you choose.

    The passphrase is asked twice (hidden), or read from VOS_CODER_PASSPHRASE; it is
    never an argument. The project is copied into an encrypted file, checked, and only
    then swapped in; on any failure the original is left as it was.

    Example: VOS_CODER_PASSPHRASE=... vos-coder encrypt --db albania.db
    """
    from vos_coder.privacy.keyfile import load_key
    from vos_coder.store import crypto
    from vos_coder.store.connection import inspect
    from vos_coder.store.encryption import encrypt_project

    use_terminal_prompt()
    if inspect(db) == "encrypted":
        typer.echo(f"{db} is already encrypted; nothing was changed", err=True)
        raise typer.Exit(1)
    _refuse_when_open(db)  # before asking for a passphrase
    kpath = _key_path(db, key)
    kf = load_key(kpath) if kpath.exists() else None
    passphrase = crypto.new_passphrase(str(db))
    encrypt_project(db, passphrase)
    typer.echo(f"encrypted {db}")
    if kf is not None and kf.passphrase is None:
        kf.passphrase = passphrase
        kf.save()
        typer.echo(f"encrypted the key file {kpath}")
    typer.echo("keep the passphrase safe: without it nobody, you included, can open the project")


def decrypt(db: DbOpt = Path(DEFAULT_DB), key: KeyOpt = None) -> None:
    """Turn an encrypted project (and its key file) back into plain files.

    Example: vos-coder decrypt --db albania.db
    """
    from vos_coder.privacy.keyfile import load_key
    from vos_coder.store.connection import inspect
    from vos_coder.store.encryption import decrypt_project

    use_terminal_prompt()
    if inspect(db) != "encrypted":
        typer.echo(f"{db} is not encrypted; nothing was changed", err=True)
        raise typer.Exit(1)
    _refuse_when_open(db)  # before asking for the passphrase
    decrypt_project(db)
    typer.echo(f"decrypted {db}: it is now a plain SQLite file anyone with the file can read")
    kpath = _key_path(db, key)
    kf = load_key(kpath) if kpath.exists() else None
    if kf is not None and kf.passphrase is not None:
        kf.passphrase = None
        kf.save()
        typer.echo(f"decrypted the key file {kpath}")


def register(app: typer.Typer) -> None:
    app.command()(encrypt)
    app.command()(decrypt)
