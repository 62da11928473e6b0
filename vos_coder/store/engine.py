"""The one SQLite engine every project uses, plain or encrypted.

vos-coder opens every project with SQLCipher's build of SQLite (the
``sqlcipher3`` wheel: SQLCipher 4 over SQLite 3.53 with FTS5), not with the
``sqlite3`` module Python ships. One engine means one set of exception
classes to catch, the same SQL features on both kinds of project (FTS5
``secure-delete``, newer JSON functions), and that moving a project between
plain and encrypted is an export inside one engine. A plain project is an
ordinary SQLite file that any SQLite tool still reads.

Code in vos_coder imports the engine from here, never ``sqlite3`` (a test
checks this), so an ``except OperationalError`` always matches what the
connection raises. Cost: importing it takes a few milliseconds more than
``sqlite3`` (see BENCHMARKS.md).
"""

from __future__ import annotations

from sqlcipher3 import dbapi2 as sqlite

Error = sqlite.Error
DatabaseError = sqlite.DatabaseError
OperationalError = sqlite.OperationalError
IntegrityError = sqlite.IntegrityError
Connection = sqlite.Connection

#: What the library under the engine is (for `--version` and bug reports).
SQLITE_VERSION = sqlite.sqlite_version


def raw_connect(path: str, timeout: float) -> Connection:
    """A connection with SQLCipher's own logging switched off: a wrong
    passphrase must be one clear line from vos-coder, never SQLCipher's log
    text on stderr."""
    conn = sqlite.connect(path, timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def iterdump(conn: Connection):
    """The SQL text of a database, like ``sqlite3.Connection.iterdump`` (which
    sqlcipher3 lacks): the standard library's pure-Python dumper over our connection."""
    from sqlite3.dump import _iterdump

    return _iterdump(conn)
