"""Storing a parsed REFI-QDA project in a vos-coder project: one transaction.

Codes become themes (hierarchy kept), cases and their variables become
participants and attributes (a variable called ``group`` sets the
participant's group), text sources become sources, selections become excerpts
with their codings (coder = the creating user's name) and notes become memos.
Anything that goes wrong rolls the whole import back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import content_hash
from vos_coder.errors import ImportFailed
from vos_coder.refi.codebook import apply_codes
from vos_coder.refi.model import QdaProject, TextSource
from vos_coder.refi.positions import PositionMap
from vos_coder.store import Project

GROUP_VARIABLE = "group"
KIND_VARIABLE = "source kind"
KINDS = ("conversation", "survey answer", "document")
DEFAULT_GROUP = "survivor"


@dataclass
class ImportSummary:
    """What an import stored and what it left out."""

    themes_added: int = 0
    participants: int = 0
    sources: int = 0
    excerpts: int = 0
    codings: int = 0
    memos: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.sources} source(s), {self.themes_added} new theme(s), "
                f"{self.participants} new participant(s), {self.excerpts} excerpt(s), "
                f"{self.codings} coding(s), {self.memos} memo(s)")


def _when(value: str) -> str | None:
    """A creation time as stored, if it is a real ISO date-time."""
    try:
        datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return value.strip()


class _Importer:
    def __init__(self, project: Project, qp: QdaProject, label: str) -> None:
        self.p, self.qp, self.label = project, qp, label
        self.summary = ImportSummary(skipped=list(qp.skipped), warnings=list(qp.warnings))
        self.users = {u.guid: (u.name or u.guid) for u in qp.users}
        self.variables = {v.guid: v.name for v in qp.variables}
        self.source_pid: dict[str, str] = {}
        self.note_targets: dict[str, list[tuple[str, int | None]]] = {}
        self.case_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.excerpt_ids: dict[str, int] = {}

    def coder(self, *guids: str) -> str:
        for g in guids:
            if g and self.users.get(g):
                return self.users[g]
        return "unknown"

    def target(self, note: str, kind: str, target_id: int | None) -> None:
        self.note_targets.setdefault(note, []).append((kind, target_id))

    def run(self) -> ImportSummary:
        people_before = self.p.q1("SELECT count(*) FROM participants")
        codes = apply_codes(self.p, self.qp.codes, update=False)
        self.code_ids = codes.ids
        self.summary.themes_added = codes.added
        self.summary.warnings += codes.renamed
        for c in self.qp.all_codes():
            for ref in c.note_refs:
                if c.guid in self.code_ids:
                    self.target(ref, "theme", self.code_ids[c.guid])
        self.cases()
        for src in self.qp.sources:
            self.source(src)
        self.notes()
        self.summary.participants = self.p.q1("SELECT count(*) FROM participants") - people_before
        return self.summary

    def cases(self) -> None:
        for case in self.qp.cases:
            pid = " ".join(case.name.split()) or f"case-{case.guid[:8]}"
            attrs: dict[str, list[str]] = {}
            group = None
            for vv in case.values:
                name = self.variables.get(vv.variable, "").strip()
                if not name:
                    continue
                if name == GROUP_VARIABLE:
                    group = vv.value
                else:
                    attrs.setdefault(name, []).append(vv.value)
            existed = self.p.q1("SELECT consent FROM participants WHERE pid = ?", [pid])
            if existed is not None and existed != "active":
                raise ImportFailed(f"{self.label}: case {pid!r} is a withdrawn participant in "
                                   "this project; nothing imported")
            participant = self.p.ensure_participant(pid, group or DEFAULT_GROUP)
            if group and participant.group != group:
                self.p.set_participant_group(pid, group)
            if attrs:
                self.p.set_attributes(pid, attrs)
            self.case_ids[case.guid] = participant.id
            for ref in case.source_refs:
                self.source_pid.setdefault(ref, pid)

    def _pid_for(self, src: TextSource) -> str:
        pid = self.source_pid.get(src.guid)
        if pid:
            return pid
        pid = self.p.scheme.from_filename(src.name) or \
            " ".join(PurePosixPath(src.name).stem.split()) or f"source-{src.guid[:8]}"
        self.summary.warnings.append(f"source {src.name!r} belongs to no case; stored under "
                                     f"participant {pid}")
        return pid

    def _existing(self, digest: str, pid: str, kind: str) -> dict | None:
        """The stored source this text already is, by the rule ``add_source``
        keeps: a survey answer once per respondent, any other text once."""
        rows = self.p.q("SELECT s.id, s.kind, p.pid, p.consent FROM sources s JOIN participants p "
                        "ON p.id = s.participant_id WHERE s.content_hash = ? ORDER BY s.id", [digest])
        same = [r for r in rows if r["pid"] == pid]
        if same:
            return same[0]
        if kind != "survey answer":
            others = [r for r in rows if r["kind"] != "survey answer"]
            return others[0] if others else None
        return None

    def source(self, src: TextSource) -> None:
        pm = PositionMap(src.content or "")
        if not pm.text.strip():
            self.summary.skipped.append(f"text source {src.name!r}: its plain text is empty; "
                                        "skipped")
            return
        kind = "document"
        for vv in src.values:
            if self.variables.get(vv.variable) == KIND_VARIABLE and vv.value in KINDS:
                kind = vv.value
        pid = self._pid_for(src)
        found = self._existing(content_hash(pm.text), pid, kind)
        if found and found["consent"] != "active":
            raise ImportFailed(f"{self.label}: source {src.name!r} is the text of a withdrawn "
                               "participant; nothing imported")
        if found:
            sid = found["id"]
            self.summary.warnings.append(f"source {src.name!r} is already in the project "
                                         f"(source {sid}); its codings were added to it")
        else:
            state = self.p.q1("SELECT consent FROM participants WHERE pid = ?", [pid])
            if state is not None and state != "active":
                raise ImportFailed(f"{self.label}: source {src.name!r} belongs to withdrawn "
                                   f"participant {pid}; nothing imported")
            title = " ".join(src.name.split()) or pid
            sid = self.p.add_source(pid, title, ParsedSource(pm.text, (), kind),
                                    origin=f"{self.label}:{src.name}", group=DEFAULT_GROUP).id
            self.summary.sources += 1
        self.source_ids[src.guid] = sid
        for ref in src.note_refs:
            self.target(ref, "source", sid)
        outside = empty = unknown = 0
        spans: dict[str, tuple[int, int]] = {}
        rows: list[tuple[int, int, int, int, str]] = []  # code_many's (source, start, end, theme, coder)
        for sel in src.selections:
            a, b = sorted((sel.start, sel.end))
            if a < 0 or b > len(pm.raw):
                outside += 1
                continue
            start, end = pm.span(a, b)
            if start >= end:
                empty += 1
                continue
            spans[sel.guid] = (start, end)
            coded = False
            for c in sel.codings:
                if c.code not in self.code_ids:
                    unknown += 1
                    continue
                rows.append((sid, start, end, self.code_ids[c.code], self.coder(c.user, sel.user)))
                coded = True
            if not coded:
                self.p.interchange_excerpt(sid, start, end)  # a selection without codes
        for c in src.codings:  # codings of the whole source
            if c.code in self.code_ids:
                rows.append((sid, 0, len(pm.text), self.code_ids[c.code], self.coder(c.user)))
        if rows:
            self.summary.codings += self.p.code_many(rows)
        ids = {(r[1], r[2]): r[0] for r in self.p.db.execute(
            'SELECT id, start, "end" FROM excerpts WHERE source_id = ?', [sid]).fetchall()}
        self.summary.excerpts += len(set(spans.values()))
        for sel in src.selections:
            if sel.guid in spans:
                self.excerpt_ids[sel.guid] = ids[spans[sel.guid]]
                for ref in sel.note_refs:
                    self.target(ref, "excerpt", ids[spans[sel.guid]])
        for n, why in ((outside, "lie outside the text"), (empty, "are empty"),
                       (unknown, "name codes that are not in the codebook")):
            if n:
                self.summary.skipped.append(f"source {src.name!r}: {n} selection(s) or coding(s) "
                                            f"{why}; skipped")

    def notes(self) -> None:
        for ref in self.qp.project_note_refs:
            self.target(ref, "project", None)
        for link in self.qp.links:
            for note, other in ((link.origin, link.target), (link.target, link.origin)):
                if other in self.case_ids:
                    self.target(note, "participant", self.case_ids[other])
                elif other in self.code_ids:
                    self.target(note, "theme", self.code_ids[other])
                elif other in self.source_ids:
                    self.target(note, "source", self.source_ids[other])
                elif other in self.excerpt_ids:
                    self.target(note, "excerpt", self.excerpt_ids[other])
        for note in self.qp.notes:
            text = note.text.strip()
            if not text:
                continue
            targets = self.note_targets.get(note.guid) or [("project", None)]
            for kind, target_id in dict.fromkeys(targets):
                self.p.interchange_memo(kind, target_id, text, self.coder(note.user),
                                        _when(note.created))
                self.summary.memos += 1


def apply_project(project: Project, qp: QdaProject, label: str) -> ImportSummary:
    """Store ``qp`` in ``project`` in one transaction; ``label`` names the file."""
    with project.transaction():
        summary = _Importer(project, qp, label).run()
        project.audit("import.qdpx", file=label, origin=qp.origin, sources=summary.sources,
                      excerpts=summary.excerpts, codings=summary.codings, memos=summary.memos,
                      skipped=len(summary.skipped))
    return summary
