"""The codebook: a tree of themes with stable UUIDs, colours and definitions."""

from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from vos_coder.core.codebook import (
    NODE_FIELDS,
    PALETTE,
    check_colour,
    check_name,
    split_path,
    stable_uuid,
    validate_tree,
)
from vos_coder.core.fuzzy import closest
from vos_coder.core.model import PATH_SEP, Theme
from vos_coder.errors import Conflict, InvalidInput, NotFound
from vos_coder.store._base import ProjectBase


class ThemesMixin(ProjectBase):
    def themes(self) -> list[Theme]:
        """Every theme, depth first in codebook order, with its path."""
        rows = self.q("SELECT * FROM themes ORDER BY position, id")
        children: dict[int | None, list[dict]] = {}
        for r in rows:
            children.setdefault(r["parent_id"], []).append(r)
        out: list[Theme] = []

        def walk(parent: int | None, prefix: str, depth: int) -> None:
            for r in children.get(parent, []):
                path = f"{prefix}{PATH_SEP}{r['name']}" if prefix else r["name"]
                out.append(Theme(r["id"], r["uuid"], r["name"], r["parent_id"], path, depth,
                                 r["colour"], r["description"], r["inclusion"], r["exclusion"],
                                 r["position"]))
                walk(r["id"], path, depth + 1)

        walk(None, "", 0)
        return out

    def theme(self, ref: str | int) -> Theme:
        """A theme by id, full path (``Stigma and shame/Culture of silence``) or
        by name when only one theme has that name."""
        themes = self.themes()
        if isinstance(ref, int) or str(ref).isdigit():
            for t in themes:
                if t.id == int(ref):
                    return t
            raise NotFound("theme", str(ref))
        wanted = PATH_SEP.join(split_path(str(ref)))
        by_path = [t for t in themes if t.path.casefold() == wanted.casefold()]
        if by_path:
            return by_path[0]
        by_name = [t for t in themes if t.name.casefold() == wanted.casefold()]
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            raise InvalidInput(f"{len(by_name)} themes are named {wanted!r}: "
                               + ", ".join(t.path for t in by_name) + "; give the full path")
        raise NotFound("theme", str(ref), closest(wanted, [t.path for t in themes]))

    def subtree(self, ref: str | int) -> list[Theme]:
        """The theme and all its descendants."""
        top = self.theme(ref)
        return [t for t in self.themes() if t.id == top.id or t.path.startswith(top.path + PATH_SEP)]

    def _next_position(self, parent_id: int | None) -> int:
        return (self.q1("SELECT max(position) FROM themes WHERE coalesce(parent_id, 0) = ?",
                        [parent_id or 0]) or 0) + 1

    def _check_free(self, parent_id: int | None, name: str, except_id: int | None = None) -> None:
        clash = self.q1("SELECT id FROM themes WHERE coalesce(parent_id, 0) = ? AND name = ?",
                        [parent_id or 0, name])
        if clash is not None and clash != except_id:
            where = self.theme(parent_id).path if parent_id else "the top level"
            raise Conflict(f"a theme named {name!r} already exists under {where}")

    def add_theme(self, name: str, parent: str | int | None = None, *, description: str = "",
                  inclusion: str = "", exclusion: str = "", colour: str = "",
                  uuid: str | None = None) -> Theme:
        name = check_name(name)
        parent_id = self.theme(parent).id if parent not in (None, "") else None
        colour = check_colour(colour)
        with self.transaction():
            self._check_free(parent_id, name)
            if not colour:
                count = self.q1("SELECT count(*) FROM themes") or 0
                colour = PALETTE[count % len(PALETTE)]
            path = (self.theme(parent_id).path + PATH_SEP + name) if parent_id else name
            if uuid is None:
                uuid = str(uuid_mod.uuid4())
            cur = self.db.execute(
                "INSERT INTO themes(uuid, parent_id, name, description, inclusion, exclusion, "
                "colour, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [uuid, parent_id, name, description, inclusion, exclusion, colour,
                 self._next_position(parent_id)],
            )
            self.audit("theme.add", theme=path)
        return self.theme(cur.lastrowid)

    def rename_theme(self, ref: str | int, new_name: str) -> Theme:
        t = self.theme(ref)
        new_name = check_name(new_name)
        with self.transaction():
            self._check_free(t.parent_id, new_name, except_id=t.id)
            self.db.execute("UPDATE themes SET name = ? WHERE id = ?", [new_name, t.id])
            self.audit("theme.rename", theme=t.path, to=new_name)
        return self.theme(t.id)

    def describe_theme(self, ref: str | int, **fields: str | None) -> Theme:
        """Change description, inclusion, exclusion or colour (None leaves a field)."""
        t = self.theme(ref)
        changes = {k: v for k, v in fields.items() if v is not None}
        unknown = set(changes) - set(NODE_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown theme field(s): {', '.join(sorted(unknown))}")
        if "colour" in changes:
            changes["colour"] = check_colour(changes["colour"] or "")
        if changes:
            with self.transaction():
                sets = ", ".join(f"{k} = ?" for k in changes)
                self.db.execute(f"UPDATE themes SET {sets} WHERE id = ?", [*changes.values(), t.id])
        return self.theme(t.id)

    def move_theme(self, ref: str | int, new_parent: str | int | None, position: int | None = None) -> Theme:
        """Put a theme (with its children) under another parent (None: top level)."""
        t = self.theme(ref)
        parent = self.theme(new_parent) if new_parent not in (None, "") else None
        if parent and (parent.id == t.id or parent.path.startswith(t.path + PATH_SEP)):
            raise InvalidInput(f"cannot move {t.path!r} under itself")
        parent_id = parent.id if parent else None
        with self.transaction():
            self._check_free(parent_id, t.name, except_id=t.id)
            pos = position if position is not None else self._next_position(parent_id)
            self.db.execute("UPDATE themes SET parent_id = ?, position = ? WHERE id = ?",
                            [parent_id, pos, t.id])
            self.audit("theme.move", theme=t.path, to=parent.path if parent else "")
        return self.theme(t.id)

    def merge_theme(self, source: str | int, target: str | int) -> Theme:
        """Move every coding of ``source`` onto ``target``, its children under
        ``target``, then delete ``source``."""
        s, t = self.theme(source), self.theme(target)
        if s.id == t.id:
            raise InvalidInput("cannot merge a theme into itself")
        if t.path.startswith(s.path + PATH_SEP):
            raise InvalidInput(f"cannot merge {s.path!r} into its own descendant")
        with self.transaction():
            moved = self.q1("SELECT count(*) FROM codings WHERE theme_id = ?", [s.id])
            # A coding that exists on both (same excerpt and coder) is kept once.
            self.db.execute(
                "UPDATE OR IGNORE codings SET theme_id = ? WHERE theme_id = ?", [t.id, s.id])
            self.db.execute("DELETE FROM codings WHERE theme_id = ?", [s.id])
            for child in self.q("SELECT id, name FROM themes WHERE parent_id = ?", [s.id]):
                self._check_free(t.id, child["name"])
                self.db.execute("UPDATE themes SET parent_id = ? WHERE id = ?", [t.id, child["id"]])
            self.db.execute("UPDATE memos SET target_id = ? WHERE target_kind = 'theme' AND target_id = ?",
                            [t.id, s.id])
            # A quick key on the merged theme now codes with the target (unless
            # the coder has the target on a digit already; that one stays).
            self.db.execute("UPDATE OR IGNORE quick_keys SET theme_id = ? WHERE theme_id = ?", [t.id, s.id])
            self._retheme_history([s.id], t.id)
            self.db.execute("DELETE FROM themes WHERE id = ?", [s.id])
            self.audit("theme.merge", theme=s.path, into=t.path, codings=moved)
        return self.theme(t.id)

    def delete_theme(self, ref: str | int, force: bool = False) -> int:
        """Delete a theme and its children; refuses while codings exist unless
        ``force``. Returns the number of codings removed."""
        tree = self.subtree(ref)
        ids = [t.id for t in tree]
        marks = ",".join("?" * len(ids))
        count = self.q1(f"SELECT count(*) FROM codings WHERE theme_id IN ({marks})", ids)
        if count and not force:
            raise Conflict(f"{tree[0].path!r} has {count} coding(s); merge it into another theme, "
                           "or pass --force to delete them too")
        with self.transaction():
            self.db.execute(f"DELETE FROM codings WHERE theme_id IN ({marks})", ids)
            self.db.execute(f"DELETE FROM memos WHERE target_kind = 'theme' AND target_id IN ({marks})", ids)
            self._retheme_history(ids, None)
            for t in reversed(tree):
                self.db.execute("DELETE FROM themes WHERE id = ?", [t.id])
            self.audit("theme.delete", theme=tree[0].path, codings=count)
        return count

    # -- the codebook as a readable file ---------------------------------------
    def export_codebook(self) -> dict[str, Any]:
        by_parent: dict[int | None, list[Theme]] = {}
        for t in self.themes():
            by_parent.setdefault(t.parent_id, []).append(t)

        def node(t: Theme) -> dict[str, Any]:
            out: dict[str, Any] = {"name": t.name, "uuid": t.uuid}
            for field in NODE_FIELDS:
                if getattr(t, field):
                    out[field] = getattr(t, field)
            kids = by_parent.get(t.id, [])
            if kids:
                out["children"] = [node(k) for k in kids]
            return out

        return {"name": self.setting("codebook_name", "codebook"),
                "themes": [node(t) for t in by_parent.get(None, [])]}

    def import_codebook(self, data: object, stable_ids: bool = False) -> tuple[int, int]:
        """Add the themes of a codebook file; themes that exist (same path) are
        updated where the file gives a field. Returns (added, updated)."""
        nodes = validate_tree(data)
        added = updated = 0
        with self.transaction():
            def walk(items: list[dict], parent: Theme | None) -> None:
                nonlocal added, updated
                for n in items:
                    name = check_name(n["name"])
                    path = f"{parent.path}{PATH_SEP}{name}" if parent else name
                    fields = {f: (n.get(f) or "").strip() for f in NODE_FIELDS if n.get(f)}
                    try:
                        t = self.theme(path)
                        if t.path != path:
                            raise NotFound("theme", path)
                        self.describe_theme(t.id, **fields)
                        updated += 1
                    except NotFound:
                        uid = n.get("uuid") or (stable_uuid(path) if stable_ids else None)
                        t = self.add_theme(name, parent.id if parent else None, uuid=uid, **fields)
                        added += 1
                    walk(n.get("children") or [], t)

            walk(nodes, None)
            if isinstance(data, dict) and data.get("name"):
                self.set_setting("codebook_name", str(data["name"]))
        return added, updated
