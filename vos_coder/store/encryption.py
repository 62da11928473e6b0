"""Turning a plain project into an encrypted one and back, atomically.

SQLCipher's ``sqlcipher_export`` copies every table, index, trigger and the
full-text index into a new file next to the project (``.part``, 0600). The
copy is then opened on its own and checked (integrity, and the same number of
rows in every table as the original) before it replaces the project with one
rename. Until that rename the original is untouched; on any failure the
``.part`` file is removed and the original stays as it was. While any other
process (a workbench, even idle) has the project open, the conversion is
refused before anything is written (store/holds.py).

The old plain bytes are gone from the file but may remain in the disk's free
space (SSDs and journaling file systems keep old blocks): a project that must
never touch the disk in clear should be created with ``init --encrypt``.
"""

from __future__ import annotations

import os
from pathlib import Path

from vos_coder.errors import Conflict, ProjectError
from vos_coder.store import crypto, engine, holds
from vos_coder.store.connection import BUSY_TIMEOUT_S, connect, create_private_file, storage_error
from vos_coder.store.crypto import Cipher
from vos_coder.store.engine import sqlite


def _counts(conn: engine.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _convert(path: Path, target: Cipher | None) -> Path:
    """Export the project at ``path`` into a new file keyed with ``target``
    (None: plain), verify it, and swap it in. Returns the path. Refused while
    any other connection has the project open (store/holds.py): a workbench
    left open would go on writing to the replaced file."""
    with holds.exclusive(path):
        return _convert_held(path, target)


def _convert_held(path: Path, target: Cipher | None) -> Path:
    db, source = connect(path)
    part = path.with_name(path.name + ".part")
    conn = db.conn
    try:
        if (source is None) == (target is None):
            state = "encrypted" if source else "plain"
            raise Conflict(f"{path} is already {state}; nothing was changed")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise ProjectError(f"{path} is open in another program (the workbench?); close it "
                               "and run the command again. Nothing was changed")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        expected = _counts(conn)
        part.unlink(missing_ok=True)
        create_private_file(part)
        key = target.pragma_value if target else "''"
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {key}", [str(part)])
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE converted")
    except sqlite.DatabaseError as exc:
        db.close()
        part.unlink(missing_ok=True)
        raise storage_error(exc, path) from None
    except BaseException:
        db.close()
        part.unlink(missing_ok=True)
        raise
    db.close()
    try:
        _verify(part, target, expected)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def _verify(part: Path, cipher: Cipher | None, expected: dict[str, int]) -> None:
    check = engine.raw_connect(str(part), BUSY_TIMEOUT_S)
    try:
        if cipher:
            check.execute(f"PRAGMA key = {cipher.pragma_value}")
            broken = check.execute("PRAGMA cipher_integrity_check").fetchall()
            if broken:
                raise ProjectError(f"the converted copy failed its check ({broken[0][0]}); "
                                   "the original was left unchanged")
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        got = _counts(check)
    except sqlite.DatabaseError as exc:
        raise ProjectError(f"the converted copy cannot be read back ({exc}); the original "
                           "was left unchanged") from None
    finally:
        check.close()
    if ok != "ok" or got != expected:
        raise ProjectError("the converted copy does not hold the same rows as the original; "
                           "the original was left unchanged")


def encrypt_project(path: str | os.PathLike, passphrase: str) -> Path:
    """Encrypt a plain project in place (atomically) with ``passphrase``."""
    return _convert(Path(path), crypto.new_cipher(passphrase))


def decrypt_project(path: str | os.PathLike) -> Path:
    """Turn an encrypted project back into a plain SQLite file (atomically)."""
    return _convert(Path(path), None)


def project_passphrase(path: str | os.PathLike) -> str | None:
    """The passphrase of the project at ``path`` (asked once, checked against the
    file), or None when the project is plain or absent."""
    path = Path(path)
    if not path.is_file() or crypto.file_kind(path) != "encrypted":
        return None
    db, cipher = connect(path)
    db.close()
    return cipher.passphrase if cipher else None
