"""Withdrawal and purge in the store, and the scrub that leaves no byte of
deleted text in the .db, -wal or -shm.

A purge has two steps. ``purge_rows`` is one transaction, all or nothing: on a
full disk nothing changes. ``scrub`` then rebuilds the full-text index (FTS5
keeps deleted tokens in old segments until a merge), checkpoints and truncates
the WAL and vacuums; if it cannot finish it raises Unfinished saying what is
done and that the same command again finishes it (a purged participant is a
withdrawn tombstone: purging again deletes nothing more and scrubs again).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from vos_coder.errors import ProjectError, Unfinished
from vos_coder.store._base import ProjectBase, now
from vos_coder.store.engine import sqlite

# Audit details that can name someone: the file names their words came in under.
_NAMES_IN_AUDIT = ("file", "origin", "title", "group")
_STANDARD_GROUPS = ("survivor", "frontline worker")
WITHDRAWN_GROUP = "withdrawn"
# Exports that hold no participant's words or counts.
_NO_PARTICIPANT_DATA = ("export.codebook", "export.qdc")


def _cause(exc: Exception) -> str:
    text = str(getattr(exc, "message", exc)).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the file cannot be written"
    if "locked" in text or "busy" in text:
        return "another program holds the file"
    return str(exc)



class WithdrawalMixin(ProjectBase):
    # -- withdrawal and purge -------------------------------------------------------
    def withdraw(self, pid: str) -> None:
        """From now on the participant is in no query, stat, export or chart."""
        x = self.participant(pid)  # type: ignore[attr-defined]
        with self.transaction():
            self.db.execute("UPDATE participants SET consent = 'withdrawn', withdrawn_at = "
                            "coalesce(withdrawn_at, ?) WHERE id = ?", [now(), x.id])
            self.audit("participant.withdraw", participant=x.pid)

    def purge(self, pid: str) -> dict:
        """Withdraw and delete everything of the participant, then scrub the files.
        The participant row stays as a withdrawn tombstone with no attributes,
        so the identifier cannot be reused by mistake. Raises Unfinished (with
        the state it leaves) when the scrub cannot finish; the same call again
        finishes it."""
        counts = self.purge_rows(pid)
        self.scrub_after_purge(pid)
        return counts

    def purge_rows(self, pid: str) -> dict:
        """Step 1 of a purge, one transaction (all or nothing): delete the
        participant's sources, excerpts, codings, memos, attributes and undo
        history; drop file names from their audit rows; remove a group only
        they were in. Returns the counts (also kept in the audit log)."""
        x = self.participant(pid)  # type: ignore[attr-defined]
        sids = [r["id"] for r in self.q("SELECT id FROM sources WHERE participant_id = ?", [x.id])]
        marks = ",".join("?" * len(sids)) or "NULL"
        eids = [r["id"] for r in self.q(f"SELECT id FROM excerpts WHERE source_id IN ({marks})", sids)]
        emarks = ",".join("?" * len(eids)) or "NULL"
        counts = {"sources": len(sids), "excerpts": len(eids)}
        with self.transaction():
            self.db.execute("UPDATE participants SET consent = 'withdrawn', withdrawn_at = "
                            "coalesce(withdrawn_at, ?) WHERE id = ?", [now(), x.id])
            counts["codings"] = self.q1(f"SELECT count(*) FROM codings WHERE excerpt_id IN ({emarks})",
                                        eids)
            cur = self.db.execute(
                "DELETE FROM memos WHERE (target_kind = 'participant' AND target_id = ?) OR "
                f"(target_kind = 'source' AND target_id IN ({marks})) OR "
                f"(target_kind = 'excerpt' AND target_id IN ({emarks}))", [x.id, *sids, *eids])
            counts["memos"] = cur.rowcount
            history = 0
            for h in self.q("SELECT id, payload FROM history"):
                try:
                    payload = json.loads(h["payload"])
                except ValueError:
                    continue
                if any(isinstance(p, dict) and p.get("source") in sids for p in payload):
                    self.db.execute("DELETE FROM history WHERE id = ?", [h["id"]])
                    history += 1
            counts["history"] = history
            self.db.execute("DELETE FROM participant_attributes WHERE participant_id = ?", [x.id])
            # codings, quotes, excerpts and turns go with their source (ON DELETE CASCADE)
            self.db.execute(f"DELETE FROM sources WHERE id IN ({marks})", sids)
            counts["audit rows cleaned"] = self._forget_in_audit_log(x.pid, sids)
            counts["groups"] = self._drop_own_group(x.id, x.group)
            self.audit("participant.purge", participant=x.pid,
                       **{k.replace(" ", "_"): v for k, v in counts.items() if v})
        return counts

    def _forget_in_audit_log(self, pid: str, sids: Sequence[int]) -> int:
        """The audit log keeps who, when and how many; the file names under
        which the participant's words came in (which can hold a name) go."""
        cleaned = 0
        for row in self.q("SELECT id, details FROM audit_log"):
            try:
                details = json.loads(row["details"])
            except ValueError:
                continue
            if not isinstance(details, dict):
                continue
            if details.get("participant") != pid and not (
                    details.get("source") in sids and "file" in details):
                continue
            kept = {k: v for k, v in details.items() if k not in _NAMES_IN_AUDIT}
            if kept != details:
                self.db.execute("UPDATE audit_log SET details = ? WHERE id = ?",
                                [json.dumps(kept, sort_keys=True), row["id"]])
                cleaned += 1
        return cleaned

    def _drop_own_group(self, participant_id: int, group: str) -> int:
        """A group of the project's own naming (its name and label can say who
        is in it) loses the tombstone, which moves to the group 'withdrawn', and
        goes when nobody is left in it (a tombstone left in the group would keep
        it, and its name, after its last member is purged). The project's
        standard groups stay."""
        if group in _STANDARD_GROUPS or group == WITHDRAWN_GROUP:
            return 0
        self.db.execute("INSERT OR IGNORE INTO groups(name, label) VALUES (?, '')", [WITHDRAWN_GROUP])
        self.db.execute("UPDATE participants SET grp = ? WHERE id = ?", [WITHDRAWN_GROUP, participant_id])
        if self.q1("SELECT count(*) FROM participants WHERE grp = ?", [group]):
            return 0
        self.db.execute("DELETE FROM groups WHERE name = ?", [group])
        return 1

    def scrub_after_purge(self, pid: str) -> None:
        """Step 2 of a purge: scrub, or say exactly what state the purge left."""
        self.scrub(done=f"{pid} is withdrawn and their text, codings, memos and attributes are "
                        "deleted from the project",
                   again=f"run the same command again to finish: vos-coder participants "
                         f"withdraw {pid} --purge")

    def copies_made_while_in(self, pid: str) -> list[dict]:
        """Exports and backups the audit log records from the time the
        participant came into the project until they were withdrawn (exports)
        or until now (backups, which hold withdrawn participants too): each
        with its time, what it was and its path (or file name in old rows).
        Codebook exports hold no participant's words and are left out."""
        x = self.participant(pid)  # type: ignore[attr-defined]
        since = self.q1("SELECT created_at FROM participants WHERE id = ?", [x.id])
        left = None  # the audit row of their withdrawal: exports after it leave them out
        for r in self.q("SELECT id, details FROM audit_log WHERE action IN "
                        "('participant.withdraw', 'participant.purge') ORDER BY id"):
            if json.loads(r["details"]).get("participant") == x.pid:
                left = r["id"]
                break
        out = []
        for r in self.q("SELECT id, at, action, details FROM audit_log WHERE at >= ? AND "
                        "(action = 'backup' OR action LIKE 'export.%') ORDER BY id", [since]):
            if r["action"] in _NO_PARTICIPANT_DATA:
                continue
            if r["action"] != "backup" and left is not None and r["id"] > left:
                continue
            try:
                details = json.loads(r["details"])
            except ValueError:
                details = {}
            where = details.get("path") or details.get("file")
            if not where:  # export.override and the like: a decision, not a file
                continue
            out.append({"at": r["at"], "what": r["action"].replace("export.", "export "),
                        "path": where, "folder_known": bool(details.get("path"))})
        return out

    def scrub(self, done: str = "the change is saved",
              again: str = "a later purge or redaction finishes it") -> None:
        """Leave no byte of deleted text behind: rebuild the full-text index,
        checkpoint and truncate the WAL, vacuum, truncate again. Raises
        Unfinished, saying ``done`` and ``again``, when it cannot finish.
        The WAL is checkpointed and truncated first too: after a run stopped
        by a full disk it can hold most of the free room the rebuild needs."""
        try:
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with self.transaction():
                self.db.execute("INSERT INTO sources_fts(sources_fts) VALUES ('rebuild')")
            conn = self.db.conn
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except (sqlite.OperationalError, ProjectError) as exc:
            raise Unfinished(f"{done}, but the file is not scrubbed yet ({_cause(exc)}), so "
                             f"copies of the removed text may remain in {self.path}, its search "
                             f"index or its -wal file; fix that and {again}") from None
        if busy:
            raise Unfinished(f"{done}, but {self.path} is open in another program, so copies of "
                             f"the removed text may remain in its -wal file; close it and {again}")

