"""Opening a project file: pragmas, permissions, thread policy.

One SQLite file is one project. It is created readable by its owner only
(0600). Every connection turns on foreign keys, WAL, a busy timeout (so the
CLI and an open UI can share the file) and secure_delete (deleted text is
overwritten, not left in free pages). A connection belongs to the thread that
opened it: worker threads open their own Project.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from vos_coder.errors import ProjectError
from vos_coder.store.database import Database

BUSY_TIMEOUT_S = 10.0


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only; refuse an existing one."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise ProjectError(
            f"{path} already exists; choose another --db path or open it without init"
        ) from None
    except OSError as exc:
        raise ProjectError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)
    os.chmod(path, 0o600)


def connect(path: Path) -> Database:
    """A Database (sqlite-utils' behaviour, imported lazily) over a connection with the project's pragmas."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA secure_delete = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise ProjectError(
            f"{path} is not a vos-coder project (SQLite says: {exc}); check the --db path"
        ) from None
    if mode.lower() != "wal" and str(path) != ":memory:":
        # A read-only directory or file system: WAL cannot be set up.
        conn.close()
        raise ProjectError(f"cannot open {path} for writing (journal mode {mode}); check permissions")
    return Database(conn)


def storage_error(exc: sqlite3.Error, path: object) -> ProjectError:
    """One clear line for what SQLite says when the file cannot take a write."""
    text = str(exc).lower()
    if "full" in text:
        return ProjectError(f"the disk holding {path} is full; nothing was changed. "
                            "Free some space and try again")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path} is read-only; nothing was changed. Check its permissions")
    if "locked" in text or "busy" in text:
        return ProjectError(f"{path} is busy in another program for too long; nothing was changed. "
                            "Try again in a moment")
    if "malformed" in text or "not a database" in text:
        return ProjectError(f"{path} is damaged ({exc}); restore it from a backup")
    return ProjectError(f"{path}: SQLite error: {exc}; nothing was changed")
