"""Merging another coder's copy of the project into this one.

Matching: participants by identifier, sources by content hash (and
participant), themes by stable UUID and then by path, excerpts by source and
span. New participants, sources, themes, codings (with their coder), memos and
quote decisions come in; what clashes is reported and settled by the rules in
``RULES`` (shown by ``vos-coder merge --help``). A merge only adds: it never
deletes anything here. It runs as one transaction, so merging the same file
twice adds nothing the second time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vos_coder.core.model import ParsedSource, Participant, Theme
from vos_coder.core.quotes import quote_label
from vos_coder.core.text import find_span
from vos_coder.errors import ProjectError, UnfaithfulQuote
from vos_coder.store import Project

# A progress bar: entered with the number of steps, it yields advance(n).
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]

RULES = """\
Conflict rules (each conflict is listed; nothing is settled silently):
- theme renamed or moved differently: this project's name and place are kept.
- theme definitions (description, inclusion, exclusion) that differ: ours are kept;
  empty ones here are filled from the other file.
- source whose text changed (same participant and title, different content): this
  project's text is kept; the other's codings, memos and quote decisions are moved
  onto it where their passage is found exactly once, and listed as left out otherwise.
- same text under another participant: that source is left out.
- quote approved in one file and excluded in the other: it is excluded (a lead
  approves it again deliberately); display texts that differ: ours is kept.
- participant withdrawn in either file: nothing of theirs is brought in.
- participant attribute or group that differs: ours is kept.
- memo edited in the other file: it comes in beside ours (memos are matched by text).
A merge only adds; it never removes a coding, theme or memo here."""


@dataclass(frozen=True)
class MergeConflict:
    """One clash between the two files and how it was settled."""

    kind: str
    subject: str
    ours: str
    theirs: str
    resolution: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "ours": self.ours,
                "theirs": self.theirs, "resolution": self.resolution}


@dataclass
class MergeReport:
    """What a merge brought in and what clashed (``attributes``: participant
    attributes brought in; ``definitions``: empty theme definitions here
    filled from the other file)."""

    other: str
    dry_run: bool = False
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("participants", "sources", "themes", "codings", "memos", "quote decisions", "attributes",
         "definitions"), 0))
    conflicts: list[MergeConflict] = field(default_factory=list)

    def conflict(self, kind: str, subject: str, ours: str, theirs: str, resolution: str) -> None:
        self.conflicts.append(MergeConflict(kind, subject, ours, theirs, resolution))

    @property
    def changed(self) -> bool:
        return any(self.added.values())


def resolve_quote(ours: dict, theirs: dict) -> tuple[str, str | None, str | None]:
    """(status, display_text, conflict) for a quote decided in both files.
    A decision beats no decision; excluded beats approved; our display text
    beats theirs when both have one."""
    status, display = ours["status"], ours["display_text"]
    problem = None
    if {ours["status"], theirs["status"]} == {"approved", "excluded"}:
        status, problem = "excluded", "approved in one file, excluded in the other"
    elif ours["status"] == "candidate":
        status = theirs["status"]
    if display is None:
        display = theirs["display_text"]
    elif theirs["display_text"] is not None and theirs["display_text"] != display:
        problem = (problem + "; " if problem else "") + "display texts differ"
    return status, display, problem


class _DryRun(Exception):
    pass


def merge_project(this: Project, other_path: str | os.PathLike, dry_run: bool = False,
                  actor: str | None = None, progress: Progress | None = None) -> MergeReport:
    """Bring another coder's project file into ``this``, in one transaction
    (rolled back at the end when ``dry_run``). ``progress(total)`` (a
    progress bar) is entered with the number of steps (the other file's
    sources, and the other five parts) and yields ``advance(n)``."""
    other_path = Path(other_path)
    if not other_path.exists():
        raise ProjectError(f"no project at {other_path}; give the other coder's .db file")
    if other_path.resolve() == Path(this.path).resolve() or os.path.samefile(other_path, this.path):
        raise ProjectError(f"{other_path} is this project itself; give another coder's copy")
    # Project.open refuses anything that is not a project (plain or encrypted) untouched.
    report = MergeReport(other_path.name, dry_run)
    with Project.open(other_path) as other:
        try:
            merge = _Merge(this, other, report)
            with this.transaction(), (progress or _no_bar)(merge.steps()) as advance:
                merge.advance = advance
                merge.run()
                this.audit("team.merge", actor, file=other_path.name, **{
                    k.replace(" ", "_"): v for k, v in report.added.items()},
                    conflicts=len(report.conflicts))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return report


@contextmanager
def _no_bar(total: int) -> Iterator[Callable[[int], None]]:
    yield lambda n=1: None


class _Merge:
    def __init__(self, this: Project, other: Project, report: MergeReport) -> None:
        self.this, self.other, self.report = this, other, report
        self.advance: Callable[[int], None] = lambda n=1: None
        self.skip_pids: set[str] = set()
        self.participant_map: dict[int, int] = {}
        self.source_map: dict[int, int] = {}  # same text
        self.moved: dict[int, int] = {}  # text changed here: re-anchor by passage text
        self.theme_map: dict[int, int] = {}
        self.texts: dict[int, str] = {}

    def steps(self) -> int:
        return len(self.other.merge_sources()) + 5

    def run(self) -> None:
        for part in (self.participants, self.sources, self.themes, self.codings, self.memos,
                     self.quotes):
            part()
            if part != self.sources:
                self.advance(1)  # sources advance one by one

    # -- participants -------------------------------------------------------------
    def participants(self) -> None:
        ours = {p.pid: p for p in self.this.participants(include_withdrawn=True)}
        groups = {g.name for g in self.this.groups()}
        other_groups = {g.name: g for g in self.other.groups()}
        for op in self.other.participants(include_withdrawn=True):
            mine = ours.get(op.pid)
            if op.consent != "active" or (mine and mine.consent != "active"):
                self.skip_pids.add(op.pid)
                if mine and mine.consent != op.consent:
                    where = "this project" if mine.consent != "active" else "the other file"
                    self.report.conflict("participant withdrawn", op.pid, mine.consent, op.consent,
                                         f"withdrawn in {where}: nothing of theirs brought in")
                continue
            if mine is None:
                if op.group not in groups:
                    g = other_groups[op.group]
                    self.this.set_group(g.name, g.attribution, g.label)
                    groups.add(op.group)
                mine = self.this.ensure_participant(op.pid, op.group)
                self.report.added["participants"] += 1
            self._attributes(mine, op)
            self.participant_map[op.id] = mine.id

    def _attributes(self, mine: Participant, op: Participant) -> None:
        if mine.group != op.group:
            self.report.conflict("participant group", mine.pid, mine.group, op.group, "ours kept")
        new = {k: v for k, v in op.attributes.items() if k not in mine.attributes}
        for name, values in op.attributes.items():
            if name in mine.attributes and sorted(mine.attributes[name]) != sorted(values):
                self.report.conflict("participant attribute", f"{mine.pid} {name}",
                                     "; ".join(mine.attributes[name]), "; ".join(values), "ours kept")
        if new:
            self.this.set_attributes(mine.pid, new)
            self.report.added["attributes"] += len(new)

    # -- sources ------------------------------------------------------------------
    def sources(self) -> None:
        ours = self.this.merge_sources()
        by_hash = {(s["content_hash"], s["pid"]): s["id"] for s in ours}
        hash_owner = {s["content_hash"]: s["pid"] for s in ours}
        by_title = {(s["pid"], s["title"]): s["id"] for s in ours}
        for s in self.other.merge_sources():
            self.advance(1)
            if s["pid"] in self.skip_pids:
                continue
            key = (s["content_hash"], s["pid"])
            if key in by_hash:
                self.source_map[s["id"]] = by_hash[key]
            elif (s["pid"], s["title"]) in by_title:
                self.moved[s["id"]] = by_title[(s["pid"], s["title"])]
                self.report.conflict("source text changed", f"{s['pid']} {s['title']!r}",
                                     "this text", "a different text",
                                     "ours kept; passages re-found in our text")
            elif s["content_hash"] in hash_owner and s["kind"] != "survey answer":
                self.report.conflict("same text, other participant", s["title"],
                                     hash_owner[s["content_hash"]], s["pid"], "left out")
            else:
                text = self.other.source_text(s["id"])
                parsed = ParsedSource(text, tuple(self.other.turns(s["id"])), s["kind"])
                new = self.this.add_source(s["pid"], s["title"], parsed, s["origin"])
                self.source_map[s["id"]] = new.id
                # The other file may hold this text under another participant too.
                hash_owner.setdefault(s["content_hash"], s["pid"])
                self.report.added["sources"] += 1

    def span(self, source_id: int, start: int, end: int, text: str) -> tuple[int, int, int] | None:
        """Where a passage of the other file lies here, or None."""
        if source_id in self.source_map:
            return self.source_map[source_id], start, end
        if source_id in self.moved:
            sid = self.moved[source_id]
            if sid not in self.texts:
                self.texts[sid] = self.this.source_text(sid)
            found = find_span(self.texts[sid], text)
            if len(found) == 1:
                return sid, *found[0]
        return None

    def _quote_label(self, excerpt_id: int) -> str:
        """How the lead knows the quote: its number (Q-005); every excerpt has one."""
        return quote_label(self.this.q1("SELECT number FROM quotes WHERE excerpt_id = ?", [excerpt_id]))

    def _left_out(self, what: str, source_id: int, start: int, end: int) -> None:
        if source_id in self.moved:
            self.report.conflict("passage not re-found", f"source {self.moved[source_id]}",
                                 "text changed", f"{what} at {start}:{end}", "left out")

    # -- themes -------------------------------------------------------------------
    def themes(self) -> None:
        ours = self.this.themes()
        by_uuid = {t.uuid: t for t in ours}
        by_place = {(t.parent_id, t.name): t for t in ours}
        for ot in self.other.themes():  # parents before children
            parent = self.theme_map.get(ot.parent_id) if ot.parent_id else None
            mine = by_uuid.get(ot.uuid) or by_place.get((parent, ot.name))
            if mine is None:
                mine = self.this.add_theme(ot.name, parent, description=ot.description,
                                           inclusion=ot.inclusion, exclusion=ot.exclusion,
                                           colour=ot.colour, uuid=ot.uuid)
                by_place[(parent, mine.name)] = mine
                self.report.added["themes"] += 1
            else:
                if mine.path != _mapped_path(ot, parent, self.this):
                    self.report.conflict("theme renamed or moved", mine.path, mine.path, ot.path,
                                         "ours kept")
                self._definitions(mine, ot)
            self.theme_map[ot.id] = mine.id

    def _definitions(self, mine: Theme, ot: Theme) -> None:
        fill = {}
        for name in ("description", "inclusion", "exclusion"):
            a, b = getattr(mine, name), getattr(ot, name)
            if b and not a:
                fill[name] = b
            elif a and b and a != b:
                self.report.conflict(f"theme {name}", mine.path, a, b, "ours kept")
        if fill:
            self.this.describe_theme(mine.id, **fill)
            self.report.added["definitions"] += len(fill)

    # -- codings, memos, quotes -------------------------------------------------------
    def codings(self) -> None:
        rows = []
        for c in self.other.merge_codings():
            where = self.span(c["source_id"], c["start"], c["end"], c["text"])
            if where is None:
                self._left_out(f"coding by {c['coder']}", c["source_id"], c["start"], c["end"])
                continue
            rows.append((*where, self.theme_map[c["theme_id"]], c["coder"]))
        self.report.added["codings"] = self.this.code_many(rows)

    def memos(self) -> None:
        before = self.this.table_counts()["memos"]
        for m in self.other.merge_memos():
            kind, target = m["target_kind"], m["target_id"]
            if kind == "theme":
                target = self.theme_map.get(target)
            elif kind == "participant":
                target = self.participant_map.get(target)
            elif kind == "source":
                target = self.source_map.get(target, self.moved.get(target))
            elif kind == "excerpt":
                e = self.other.merge_excerpt_span(target)
                where = e and self.span(e["source_id"], e["start"], e["end"], e["text"])
                if e and not where:
                    self._left_out("a memo", e["source_id"], e["start"], e["end"])
                target = self.this.interchange_excerpt(*where) if where else None
            if kind != "project" and target is None:
                continue
            self.this.interchange_memo(kind, target, m["text"], m["author"], m["created_at"])
        self.report.added["memos"] = self.this.table_counts()["memos"] - before

    def quotes(self) -> None:
        for d in self.other.quote_decisions():
            where = self.span(d["source_id"], d["start"], d["end"], d["text"])
            if where is None:
                self._left_out("a quote decision", d["source_id"], d["start"], d["end"])
                continue
            eid = self.this.interchange_excerpt(*where)  # the excerpt here, made if new
            ours = self.this.quote_decision(eid) or {"status": "candidate", "display_text": None}
            status, display, problem = resolve_quote(ours, d)
            if problem:
                self.report.conflict("quote decision", self._quote_label(eid),
                                     _decision(ours), _decision(d),
                                     f"{status}" + ("; our display text kept" if "display" in problem
                                                    else ""))
            changed = False
            if status != ours["status"]:
                self.this.set_quote_status(eid, status, by="excerpt")
                changed = True
            if display != ours["display_text"]:
                try:
                    self.this.set_display_text(eid, display, by="excerpt")
                    changed = True
                except UnfaithfulQuote as exc:
                    self.report.conflict("display text not faithful", self._quote_label(eid), "-",
                                         str(display), f"left out: {exc}")
            self.report.added["quote decisions"] += changed


def _decision(d: dict) -> str:
    return d["status"] + (f" as {d['display_text']!r}" if d["display_text"] else "")


def _mapped_path(ot: Theme, parent: int | None, this: Project) -> str:
    """The path the other file's theme would have here, under its mapped parent."""
    if parent is None:
        return ot.name
    return this.theme(parent).path + "/" + ot.name
