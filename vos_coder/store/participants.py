"""Participants, their groups and attributes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from vos_coder.core.fuzzy import closest, closest_or_all
from vos_coder.core.model import Group, Participant
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store._base import ProjectBase, now

# Groups a project starts with and how their quotes are attributed.
DEFAULT_GROUPS = (
    Group("survivor", "identifier", ""),
    Group("frontline worker", "anonymous", "a surveyed frontline worker"),
)


class ParticipantsMixin(ProjectBase):
    # -- groups ---------------------------------------------------------------
    def groups(self) -> list[Group]:
        return [Group(r["name"], r["attribution"], r["label"])
                for r in self.q("SELECT * FROM groups ORDER BY rowid")]

    def group(self, name: str) -> Group:
        for g in self.groups():
            if g.name == name:
                return g
        raise NotFound("group", name, closest_or_all(name, [g.name for g in self.groups()]))

    def set_group(self, name: str, attribution: str | None = None, label: str | None = None) -> Group:
        """Create a group or change how its quotes are attributed."""
        if attribution is not None and attribution not in ("identifier", "anonymous"):
            raise InvalidInput("attribution must be 'identifier' or 'anonymous'")
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO groups(name) VALUES (?)", [name])
            if attribution is not None:
                self.db.execute("UPDATE groups SET attribution = ? WHERE name = ?", [attribution, name])
            if label is not None:
                self.db.execute("UPDATE groups SET label = ? WHERE name = ?", [label, name])
        return self.group(name)

    # -- participants ---------------------------------------------------------
    def _participants(self, where: str = "", params: Iterable = ()) -> list[Participant]:
        params = list(params)
        rows = self.q(f"SELECT * FROM participants {where} ORDER BY pid", list(params))
        attrs: dict[int, dict[str, list[str]]] = defaultdict(dict)
        if rows:
            for a in self.q(
                "SELECT a.participant_id, a.name, a.value FROM participant_attributes a "
                f"JOIN participants ON participants.id = a.participant_id {where} "
                "ORDER BY a.rowid", list(params),
            ):
                attrs[a["participant_id"]].setdefault(a["name"], []).append(a["value"])
        return [Participant(r["id"], r["pid"], r["grp"], attrs.get(r["id"], {}), r["consent"])
                for r in rows]

    def participants(self, group: str | None = None, include_withdrawn: bool = False) -> list[Participant]:
        clauses, params = [], []
        if group is not None:
            self.group(group)
            clauses.append("grp = ?")
            params.append(group)
        if not include_withdrawn:
            clauses.append("consent = 'active'")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._participants(where, params)

    def participant(self, pid: str) -> Participant:
        found = self._participants("WHERE pid = ?", [pid])
        if not found:
            names = [r["pid"] for r in self.q("SELECT pid FROM participants")]
            raise NotFound("participant", pid, closest(pid, names))
        return found[0]

    def ensure_participant(self, pid: str, group: str = "survivor") -> Participant:
        """The participant with this identifier, created in ``group`` if new."""
        pid = pid.strip()
        if not pid:
            raise InvalidInput("a participant identifier cannot be empty")
        self.participant_id(pid, group)
        return self.participant(pid)

    def participant_id(self, pid: str, group: str = "survivor") -> int:
        """The row id of the participant with this identifier, created in
        ``group`` if new (``ensure_participant`` without reading it back)."""
        pid = pid.strip()
        if not pid:
            raise InvalidInput("a participant identifier cannot be empty")
        with self.transaction():
            existing = self.q1("SELECT id FROM participants WHERE pid = ?", [pid])
            if existing is None:
                self.db.execute("INSERT OR IGNORE INTO groups(name) VALUES (?)", [group])
                existing = self.db.execute(
                    "INSERT INTO participants(pid, grp, created_at) VALUES (?, ?, ?)",
                    [pid, group, now()],
                ).lastrowid
        return int(existing)

    def set_attributes(self, pid: str, attributes: Mapping[str, str | list[str] | None],
                       replace: bool = True) -> Participant:
        """Set attributes (a list for multi-select; None or [] removes the attribute)."""
        p = self.participant(pid)
        with self.transaction():
            for name, value in attributes.items():
                name = name.strip()
                if not name:
                    raise InvalidInput("an attribute name cannot be empty")
                values = [] if value is None else ([value] if isinstance(value, str) else list(value))
                if replace:
                    self.db.execute(
                        "DELETE FROM participant_attributes WHERE participant_id = ? AND name = ?",
                        [p.id, name],
                    )
                for v in values:
                    if str(v).strip():
                        self.db.execute(
                            "INSERT OR IGNORE INTO participant_attributes VALUES (?, ?, ?)",
                            [p.id, name, str(v).strip()],
                        )
        return self.participant(pid)

    def set_participant_group(self, pid: str, group: str, create: bool = True) -> Participant:
        """Move a participant to a group; with ``create=False`` the group must
        exist already (a misspelt name is refused with suggestions)."""
        p = self.participant(pid)
        if not create:
            self.group(group)
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO groups(name) VALUES (?)", [group])
            self.db.execute("UPDATE participants SET grp = ? WHERE id = ?", [group, p.id])
        return self.participant(pid)

    def attribute_names(self, group: str | None = None) -> list[str]:
        sql = ("SELECT DISTINCT a.name FROM participant_attributes a JOIN participants p "
               "ON p.id = a.participant_id")
        params: list = []
        if group:
            sql += " WHERE p.grp = ?"
            params.append(group)
        return [r["name"] for r in self.q(sql + " ORDER BY a.name", params)]
