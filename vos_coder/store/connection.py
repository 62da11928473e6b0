"""Opening a project file: what the file is, pragmas, permissions, thread policy.

One SQLite file is one project, plain or encrypted with SQLCipher (see
engine.py and crypto.py). It is created readable by its owner only (0600).
Only ``init`` (Project.create) makes a project: opening looks at the file
first and refuses a zero-byte file, a foreign SQLite database or anything
else without writing a byte to it. Every connection then turns on foreign
keys, WAL, a busy timeout (so the CLI and an open UI can share the file) and
secure_delete (deleted text is overwritten, not left in free pages). A
connection belongs to the thread that opened it: worker threads open their
own Project.
"""

from __future__ import annotations

import os
from pathlib import Path

from vos_coder.errors import ProjectError
from vos_coder.store import crypto, engine, holds
from vos_coder.store.crypto import Cipher, WrongPassphrase
from vos_coder.store.database import Database
from vos_coder.store.engine import sqlite
from vos_coder.store.inspection import INIT_HINT, inspect

BUSY_TIMEOUT_S = 10.0
ENCRYPTED_CACHE_KIB = 64 * 1024


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only; refuse an existing one."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise ProjectError(
            f"{path} already exists; choose another --db path or open it without init"
        ) from None
    except OSError as exc:
        raise ProjectError(f"cannot create {path}: {_os_reason(exc, path)}") from None
    os.close(fd)
    os.chmod(path, 0o600)


def _os_reason(exc: OSError, path: Path) -> str:
    import errno

    if exc.errno == errno.EROFS:
        return f"the folder {path.parent} is on a read-only file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied (the folder {path.parent} is read-only for you)"
    if exc.errno == errno.ENOSPC:
        return f"the disk holding {path.parent} is full"
    return exc.strerror or str(exc)


def unwritable(path: Path) -> str | None:
    """Why the project at ``path`` cannot be written, or None. A project needs
    its own file and, for the -wal and -shm files, its folder to be writable."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the folder {folder} is on a read-only file system"
    except OSError:
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"the folder {folder} is read-only for you; vos-coder keeps its -wal and -shm "
                "files beside the project")
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only; check its permissions"
    return None


def _tables(conn: engine.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _unlock(path: Path) -> tuple[engine.Connection, Cipher, set[str]]:
    """Open an encrypted project with a known passphrase, else ask once."""
    with open(path, "rb") as fh:
        salt = fh.read(crypto.SALT_BYTES)

    def attempt(passphrase: str) -> tuple[engine.Connection, Cipher, set[str]] | None:
        cipher = crypto.cipher_for(passphrase, salt)
        conn = engine.raw_connect(str(path), BUSY_TIMEOUT_S)
        try:
            conn.execute(f"PRAGMA key = {cipher.pragma_value}")
            tables = _tables(conn)
        except sqlite.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc):
                return None
            raise
        return conn, cipher, tables

    for passphrase in crypto.known():
        opened = attempt(passphrase)
        if opened:
            crypto.remember(passphrase)
            return opened
    if crypto.from_env():
        raise WrongPassphrase(f"the passphrase in {crypto.PASSPHRASE_ENV} does not open {path} "
                              "(or it is not a vos-coder project); nothing was changed")
    passphrase = crypto.ask(str(path))
    opened = attempt(passphrase)
    if not opened:
        raise WrongPassphrase(f"wrong passphrase for {path} (or it is not a vos-coder project); "
                              "nothing was changed")
    crypto.remember(passphrase)
    return opened


def connect(path: Path, *, create: bool = False,
            cipher: Cipher | None = None) -> tuple[Database, Cipher | None]:
    """A Database (sqlite-utils' behaviour, imported lazily) over a connection with the project's pragmas,
    and the Cipher of an encrypted project (None for a plain one).

    ``create`` is only for a fresh empty file from create_private_file; it is
    encrypted when ``cipher`` is given. Otherwise the file must already be a
    vos-coder project (or a file a migration can bring up to date)."""
    path = Path(path)
    memory = str(path) == ":memory:"
    kind = "new" if create or memory else inspect(path)
    if not memory:
        reason = unwritable(path)
        if reason:
            raise ProjectError(f"cannot open {path} for writing: {reason}; nothing was changed")
    # Held until the Database closes: encrypt/decrypt elsewhere see the project is open.
    hold = holds.Hold(None) if memory else holds.hold_open(path)
    try:
        if kind != "new":
            kind = inspect(path)  # again, now that no conversion can replace the file
        db = _connect(path, kind, memory, cipher)
    except BaseException:
        hold.release()
        raise
    db[0].hold = hold
    return db


def _connect(path: Path, kind: str, memory: bool,
             cipher: Cipher | None) -> tuple[Database, Cipher | None]:
    try:
        if kind == "encrypted":
            conn, cipher, tables = _unlock(path)
        else:
            conn = engine.raw_connect(str(path), BUSY_TIMEOUT_S)
            if cipher is not None:
                conn.execute(f"PRAGMA key = {cipher.pragma_value}")
            tables = _tables(conn)
    except sqlite.DatabaseError as exc:
        raise storage_error(exc, path, opening=True) from None
    try:
        if kind in ("sqlite", "encrypted"):
            _check_is_project(path, tables)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA secure_delete = ON")
        if cipher is not None:
            # Pages are decrypted when read into SQLite's cache (the OS cache holds
            # only ciphertext): a larger cache keeps repeated reads from decrypting
            # again. Memory is taken only as pages are read; see bench_encryption.py.
            conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        if mode.lower() != "wal" and not memory:
            # A read-only directory or file system: WAL cannot be set up.
            raise ProjectError(f"cannot open {path} for writing (journal mode {mode}); "
                               "check the permissions of the file and its folder")
    except sqlite.DatabaseError as exc:
        conn.close()
        raise storage_error(exc, path, opening=True) from None
    except BaseException:
        conn.close()
        raise
    return Database(conn), cipher


def _check_is_project(path: Path, tables: set[str]) -> None:
    if "settings" in tables:
        return
    if not tables:
        raise ProjectError(f"{path} is an SQLite database with no tables, not a vos-coder "
                           f"project; nothing was changed. Remove it first, or {INIT_HINT}")
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise ProjectError(f"{path} is an SQLite database of another program (tables: {shown}), "
                       f"not a vos-coder project; nothing was changed. Check the --db path")


def _disk_full(path: object) -> bool:
    try:
        st = os.statvfs(Path(str(path)).parent or ".")
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def _encrypted(path: object) -> bool:
    try:
        return crypto.file_kind(Path(str(path))) == "encrypted"
    except ProjectError:
        return False


def storage_error(exc: sqlite.Error, path: object, opening: bool = False) -> ProjectError:
    """One clear line for what SQLite says when the file cannot be read or take a write."""
    text = str(exc).lower()
    changed = "" if opening else "; nothing was changed"
    if "full" in text or ("disk i/o" in text and _disk_full(path)):
        return ProjectError(f"the disk holding {path} is full; nothing was changed. "
                            "Free some space and try again")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        reason = unwritable(Path(str(path)))
        if reason:
            return ProjectError(f"cannot write {path}: {reason}; nothing was changed")
        if "unable to open" in text:
            return ProjectError(f"cannot open {path} ({exc}); check the file and its folder")
        if _encrypted(path):
            # SQLCipher turns a connection read-only once a page failed its check.
            return ProjectError(f"{path} is damaged (a page failed its integrity check); "
                                "nothing was changed. Restore it from a backup "
                                "(vos-coder backup makes one)")
        return ProjectError(f"{path} is read-only; nothing was changed. Check its permissions")
    if "locked" in text or "busy" in text:
        return ProjectError(f"{path} is busy in another program for too long; nothing was changed. "
                            "Try again in a moment")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return ProjectError(f"{path} is damaged ({exc}); restore it from a backup "
                            "(vos-coder backup makes one)")
    return ProjectError(f"{path}: SQLite error: {exc}{changed}")
