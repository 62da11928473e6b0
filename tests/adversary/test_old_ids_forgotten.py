"""Projects written before hit ids were keyed (12 hex digits of a plain hash,
guessable from a list of names) lose those ids when they are opened: old
dismissals go and the audit log keeps its rows without the ids. Keyed ids
(16 hex digits) are kept."""

from __future__ import annotations

import json

from vos_coder.store import Project
from vos_coder.store.engine import sqlite

OLD, NEW = "0123456789ab", "fedcba9876543210"


def _as_written_before(db) -> None:
    conn = sqlite.connect(str(db))
    with conn:
        conn.execute("INSERT INTO disclosure_dismissed (fingerprint, at, actor) VALUES (?, ?, ?)",
                     [OLD, "2026-11-01T10:00:00+00:00", "lead"])
        conn.execute("INSERT INTO disclosure_dismissed (fingerprint, at, actor) VALUES (?, ?, ?)",
                     [NEW, "2026-11-01T10:00:00+00:00", "lead"])
        rows = [("check.dismiss", {"hit": OLD}), ("redact", {"hit": OLD, "source": 1}),
                ("export.override", {"what": "quotes export", "hits": 2, "hit_ids": [OLD, OLD]}),
                ("export.override", {"what": "quotes export", "hits": 1, "hit_ids": [NEW]}),
                ("check.dismiss", {"hit": NEW})]
        for action, details in rows:
            conn.execute("INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
                         ["2026-11-01T10:00:00+00:00", "lead", action, json.dumps(details)])
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_forget_guessable_hit_ids'")
        conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_guessable_hit_ids_are_forgotten_when_an_old_project_opens(tmp_path):
    db = tmp_path / "old.db"
    Project.create(db).close()
    _as_written_before(db)
    with Project.open(db) as p:
        dismissed = [r[0] for r in p.db.execute("SELECT fingerprint FROM disclosure_dismissed")]
        audit = [(r[0], json.loads(r[1])) for r in p.db.execute(
            "SELECT action, details FROM audit_log WHERE at LIKE '2026-11-01%' ORDER BY id")]
    assert dismissed == [NEW]
    assert audit == [
        ("check.dismiss", {}),
        ("redact", {"source": 1}),
        ("export.override", {"what": "quotes export", "hits": 2}),
        ("export.override", {"what": "quotes export", "hits": 1, "hit_ids": [NEW]}),
        ("check.dismiss", {"hit": NEW}),
    ]
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            assert OLD.encode() not in path.read_bytes(), path.name
