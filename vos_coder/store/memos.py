"""Memos: a researcher's notes on an excerpt, theme, source, participant or the project.

Memos on a withdrawn participant (or on their sources and excerpts) are never
listed. Every change is one transaction and one audit row (never the text)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vos_coder.core.model import Memo
from vos_coder.core.text import fold
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store._base import ProjectBase, default_actor, now

MEMO_TARGETS = ("project", "theme", "participant", "source", "excerpt")

# A memo is hidden when what it is on belongs to a withdrawn participant.
_ACTIVE = (
    "NOT ((m.target_kind = 'participant' AND m.target_id IN "
    "  (SELECT id FROM participants WHERE consent <> 'active')) OR "
    "(m.target_kind = 'source' AND m.target_id IN (SELECT s.id FROM sources s "
    "  JOIN participants p ON p.id = s.participant_id WHERE p.consent <> 'active')) OR "
    "(m.target_kind = 'excerpt' AND m.target_id IN (SELECT e.id FROM excerpts e "
    "  JOIN sources s ON s.id = e.source_id JOIN participants p ON p.id = s.participant_id "
    "  WHERE p.consent <> 'active')))"
)


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("a memo cannot be empty; write some text")
    return text


class MemosMixin(ProjectBase):
    def add_memo(self, target_kind: str, target_id: int | None, text: str,
                 author: str | None = None) -> Memo:
        """Write a memo on one target, in one transaction."""
        if target_kind not in MEMO_TARGETS:
            raise InvalidInput(f"a memo goes on one of: {', '.join(MEMO_TARGETS)}")
        text = _check_text(text)
        if target_kind == "project":
            target_id = None
        else:
            self._check_target(target_kind, target_id)
        at = now()
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO memos(target_kind, target_id, text, author, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [target_kind, target_id, text, author or default_actor(), at, at])
            self.audit("memo.add", author, target=target_kind, id=target_id)
        label = self._target_labels({(target_kind, target_id)}).get((target_kind, target_id), "")
        return Memo(cur.lastrowid, target_kind, target_id, text, author or default_actor(), at, at, label)

    def memo_target(self, theme: str | None = None, participant: str | None = None,
                    source: str | None = None, excerpt: int | None = None,
                    quote: str | None = None) -> tuple[str, int | None]:
        """What a memo is on, from at most one reference; none = the project."""
        given = [(k, v) for k, v in (("theme", theme), ("participant", participant), ("source", source),
                                     ("excerpt", excerpt), ("quote", quote)) if v not in (None, "")]
        if len(given) > 1:
            raise InvalidInput("a memo goes on one thing: give only one of --theme, --participant, "
                               "--source, --excerpt, --quote")
        if not given:
            return ("project", None)
        kind, ref = given[0]
        if kind == "theme":
            return ("theme", self.theme(ref).id)  # type: ignore[attr-defined]
        if kind == "participant":
            return ("participant", self.participant(ref).id)  # type: ignore[attr-defined]
        if kind == "source":
            return ("source", self.source(ref).id)  # type: ignore[attr-defined]
        if kind == "quote":
            return ("excerpt", self.quote_excerpt_id(ref))  # type: ignore[attr-defined]
        self._check_target("excerpt", int(ref))  # type: ignore[arg-type]
        return ("excerpt", int(ref))  # type: ignore[arg-type]

    def _check_target(self, kind: str, target_id: int | None) -> None:
        table = {"theme": "themes", "participant": "participants", "source": "sources",
                 "excerpt": "excerpts"}[kind]
        if target_id is None or self.q1(f"SELECT 1 FROM {table} WHERE id = ?", [target_id]) is None:
            raise NotFound(kind, str(target_id))

    def memo(self, memo_id: int) -> Memo:
        """One memo by its number (memos of withdrawn participants are not found)."""
        found = self._memos(f"m.id = ? AND {_ACTIVE}", [memo_id])
        if not found:
            raise NotFound("memo", str(memo_id))
        return found[0]

    def edit_memo(self, memo_id: int, text: str, actor: str | None = None) -> Memo:
        """Replace a memo's text; its author stays, ``updated_at`` moves."""
        text = _check_text(text)
        old = self.memo(memo_id)
        with self.transaction():
            self.db.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?", [text, now(), old.id])
            self.audit("memo.edit", actor, id=old.id, target=old.target_kind)
        return self.memo(old.id)

    def delete_memo(self, memo_id: int, actor: str | None = None) -> Memo:
        """Delete one memo; returns what was deleted."""
        old = self.memo(memo_id)
        with self.transaction():
            self.db.execute("DELETE FROM memos WHERE id = ?", [old.id])
            self.audit("memo.delete", actor, id=old.id, target=old.target_kind)
        return old

    def memos(self, target_kind: str, target_id: int | None) -> list[Memo]:
        """The memos on one target, oldest first."""
        return self._memos(f"m.target_kind = ? AND m.target_id IS ? AND {_ACTIVE}", [target_kind, target_id])

    def memos_on(self, targets: Iterable[tuple[str, int | None]]) -> list[Memo]:
        """The memos on any of several targets, oldest first."""
        clauses, params = [], []
        for kind, tid in dict.fromkeys(targets):
            clauses.append("(m.target_kind = ? AND m.target_id IS ?)")
            params += [kind, tid]
        if not clauses:
            return []
        return self._memos(f"({' OR '.join(clauses)}) AND {_ACTIVE}", params)

    def memo_list(self, kind: str | None = None, search: str | None = None,
                  author: str | None = None) -> list[Memo]:
        """Every memo (of active participants), optionally of one kind, by one
        author, or containing words (case and accents ignored), oldest first."""
        clauses, params = [_ACTIVE], []
        if kind:
            if kind not in MEMO_TARGETS:
                raise InvalidInput(f"--on must be one of: {', '.join(MEMO_TARGETS)}")
            clauses.append("m.target_kind = ?")
            params.append(kind)
        if author:
            clauses.append("m.author = ?")
            params.append(author)
        found = self._memos(" AND ".join(clauses), params)
        if search:
            words = fold(search).split()
            found = [m for m in found if all(w in fold(m.text) for w in words)]
        return found

    def memos_by_excerpt(self, excerpt_ids: Sequence[int]) -> dict[int, list[Memo]]:
        """Memos on each of the excerpts (for query output and exports), oldest first."""
        out: dict[int, list[Memo]] = {}
        ids = list(excerpt_ids)
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            rows = self.q(f"SELECT * FROM memos WHERE target_kind = 'excerpt' AND target_id IN "
                          f"({','.join('?' * len(part))}) ORDER BY id", part)
            for r in rows:
                out.setdefault(r["target_id"], []).append(_memo(r, ""))
        return out

    # -- reading -------------------------------------------------------------------
    def _memos(self, where: str, params: list) -> list[Memo]:
        rows = self.q(f"SELECT m.* FROM memos m WHERE {where} ORDER BY m.id", params)
        labels = self._target_labels({(r["target_kind"], r["target_id"]) for r in rows})
        return [_memo(r, labels.get((r["target_kind"], r["target_id"]), "")) for r in rows]

    def _target_labels(self, targets: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], str]:
        """Words for what each memo is on: the theme path, the participant,
        the source title, the excerpt's participant and offsets."""
        out: dict[tuple[str, int | None], str] = {}
        by_kind: dict[str, list[int]] = {}
        for kind, tid in targets:
            if kind == "project" or tid is None:
                out[(kind, tid)] = "project"
            else:
                by_kind.setdefault(kind, []).append(tid)
        if "theme" in by_kind:
            paths = {t.id: t.path for t in self.themes()}  # type: ignore[attr-defined]
            for tid in by_kind["theme"]:
                out[("theme", tid)] = f"theme {paths.get(tid, tid)}"
        for kind, sql in (
            ("participant", "SELECT p.id, p.pid AS label FROM participants p WHERE p.id IN ({})"),
            ("source", ("SELECT s.id, p.pid || ' · ' || s.title AS label FROM sources s "
                        "JOIN participants p ON p.id = s.participant_id WHERE s.id IN ({})")),
            ("excerpt", ("SELECT e.id, p.pid || ' · ' || s.title || ' ' || e.start || ':' || e.\"end\" "
                         "AS label FROM excerpts e JOIN sources s ON s.id = e.source_id "
                         "JOIN participants p ON p.id = s.participant_id WHERE e.id IN ({})")),
        ):
            ids = by_kind.get(kind, [])
            for i in range(0, len(ids), 900):
                part = ids[i:i + 900]
                for r in self.q(sql.format(",".join("?" * len(part))), part):
                    out[(kind, r["id"])] = f"{kind} {r['label']}"
        return out


def _memo(r: dict, target: str) -> Memo:
    return Memo(r["id"], r["target_kind"], r["target_id"], r["text"], r["author"], r["created_at"],
                r["updated_at"], target)
