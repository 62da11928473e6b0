"""The shared state every part of the Project service builds on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from vos_coder.core.model import AuditEntry
from vos_coder.store.actor import default_actor
from vos_coder.store.connection import storage_error
from vos_coder.store.database import Database
from vos_coder.store.engine import sqlite


def now() -> str:
    """UTC time, to the second, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ProjectBase:
    """Holds the Database; gives transactions, settings and the audit log."""

    db: Database
    path: Any

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action = one transaction (nested calls become savepoints).
        A full disk, a read-only file or a long lock becomes one ProjectError."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # a savepoint inside the open transaction
                    yield
                return
            # IMMEDIATE takes the write lock up front (waiting up to the busy
            # timeout), so a read-then-write never fails on a stale snapshot
            # when another process wrote in between.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._settle()
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite.IntegrityError:
            raise
        except sqlite.DatabaseError as exc:
            # OperationalError (full, read-only, locked) and a damaged page alike.
            raise storage_error(exc, self.path) from None

    def _settle(self) -> None:
        """Bring derived tables up to date before COMMIT (store/tally.py)."""

    def q(self, sql: str, params: Any = ()) -> list[dict]:
        """Rows of a query as dicts."""
        cur = self.db.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def q1(self, sql: str, params: Any = ()) -> Any:
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- settings -------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.q1("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- audit log ------------------------------------------------------------
    def audit(self, action: str, actor: str | None = None, **details: Any) -> None:
        """Record who did what. Never pass passage text in ``details``."""
        self.db.execute(
            "INSERT INTO audit_log(at, actor, action, details) VALUES (?, ?, ?, ?)",
            [now(), actor or default_actor(), action, json.dumps(details, sort_keys=True)],
        )

    def audit_log(self, action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        sql = "SELECT * FROM audit_log"
        params: list[Any] = []
        if action:
            sql += " WHERE action = ?"
            params.append(action)
        sql += " ORDER BY id"
        if limit:
            sql = f"SELECT * FROM ({sql.replace(' ORDER BY id', ' ORDER BY id DESC')} LIMIT {int(limit)}) ORDER BY id"
        return [
            AuditEntry(r["id"], r["at"], r["actor"], r["action"], json.loads(r["details"]))
            for r in self.q(sql, params)
        ]
