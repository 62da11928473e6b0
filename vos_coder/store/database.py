"""The project's database handle: the few sqlite-utils calls the service makes
on every command, without importing sqlite-utils.

Importing sqlite-utils costs 0.1-0.25 s (it loads click, pluggy, dateutil and,
when installed, numpy), more than everything else a read-only command does.
So ``Database`` answers ``execute`` (with sqlite-utils 4's transaction
semantics: a write outside a transaction commits on its own), ``atomic``,
``table_names`` and ``close`` itself, and hands everything else (``db["t"]``,
``executescript``, migrations) to a real ``sqlite_utils.Database`` over the same
connection, created the first time it is needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from vos_coder.store.engine import sqlite

if TYPE_CHECKING:
    import sqlite_utils

    from vos_coder.store.holds import Hold

_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased, after blanks and ``--`` comments."""
    for line in sql.lstrip("\ufeff; \t\r\n").splitlines():
        line = line.strip()
        if line and not line.startswith("--"):
            return line.split(None, 1)[0].rstrip(";").upper()
    return ""


class Database:
    """An engine connection with sqlite-utils' ``execute``/``atomic`` behaviour."""

    def __init__(self, conn: sqlite.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        #: The project file's open-lock this connection shares (store/holds.py).
        self.hold: Hold | None = None
        # What sqlite_utils.Database(conn) sets up, so both handles behave alike.
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def utils(self) -> sqlite_utils.Database:
        """The full sqlite-utils Database over this connection (imported on first use)."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("conn", "_utils", "hold"):
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __getitem__(self, table: str) -> Any:
        return self.utils[table]

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if (not was_in_transaction and conn.in_transaction and cursor.description is None
                and _first_keyword(sql) not in _TRANSACTION_CONTROL):
            conn.execute("COMMIT")
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction, or a savepoint inside an open one."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"vos_{os.urandom(8).hex()}"  # (secrets.token_hex; its import loads OpenSSL)
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]

    def close(self) -> None:
        self.conn.close()
        if self.hold is not None:
            self.hold.release()  # after the connection: see store/holds.py
