"""Storing a parsed REFI-QDA project in a vos-coder project: one transaction.

Codes become themes (hierarchy kept), cases and their variables become
participants and attributes (a variable called ``group`` sets the
participant's group), text sources become sources, selections become excerpts
with their codings (coder = the creating user's name) and notes become memos.
Anything that goes wrong rolls the whole import back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import content_hash
from vos_coder.errors import DuplicateOfAnother, ImportFailed
from vos_coder.refi.codebook import apply_codes
from vos_coder.refi.conventions import SPEC, Ambiguous, Units, choose
from vos_coder.refi.model import QdaProject, TextSource, utc_datetime
from vos_coder.refi.owners import PLACEHOLDER, TRUE, Owners, multi_select
from vos_coder.refi.paths import unflatten
from vos_coder.refi.positions import PositionMap
from vos_coder.store import Project

GROUP_VARIABLE = "group"
KIND_VARIABLE = "source kind"
PARTICIPANT_VARIABLE = "participant"  # on a source: whose it is
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
    conventions: list[str] = field(default_factory=list)  # positions not counted as code points

    def line(self) -> str:
        return (f"{self.sources} source(s), {self.themes_added} new theme(s), "
                f"{self.participants} new participant(s), {self.excerpts} excerpt(s), "
                f"{self.codings} coding(s), {self.memos} memo(s)")


NEAR_MISS_TZ = re.compile(r"([+-]\d{2}:?\d{2})Z$")  # QualCoder 4.0: "+00:00Z"
MAX_LISTED = 20


def _when(value: str) -> str | None:
    """A creation time as an ISO date-time, reading what tools write near the
    standard: a ``Z`` after an offset, a space for the ``T``, no seconds."""
    when = utc_datetime(NEAR_MISS_TZ.sub(r"\1", (value or "").strip()))
    return when.isoformat(timespec="seconds") if when else None


def problem_list(problems: list[str]) -> str:
    """The first problems, then how many more."""
    lines = [f"  - {p}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"  ... and {len(problems) - MAX_LISTED} more")
    return "\n".join(lines)


@dataclass
class _Planned:
    """A source checked before anything is stored."""

    src: TextSource
    pm: PositionMap | None = None
    spans: list[tuple[int, int] | None] = field(default_factory=list)  # per selection
    bad: set[int] = field(default_factory=set)  # selections not to store
    convention: str = ""


class _Importer:
    def __init__(self, project: Project, qp: QdaProject, label: str, skip_invalid: bool) -> None:
        self.p, self.qp, self.label, self.skip_invalid = project, qp, label, skip_invalid
        self.summary = ImportSummary(skipped=list(qp.skipped), warnings=list(qp.warnings))
        self.users = {u.guid: (u.name or u.guid) for u in qp.users}
        self.variables = {v.guid: v.name for v in qp.variables}
        self.multi = multi_select(qp.variables, qp.cases)
        self.source_pid: dict[str, str] = {}
        self.note_targets: dict[str, list[tuple[str, int | None]]] = {}
        self.case_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.excerpt_ids: dict[str, int] = {}
        self.problems: list[str] = []
        self.unowned: list[str] = []
        self.by_title: list[str] = []

    def coder(self, *guids: str) -> str:
        for g in guids:
            if g and self.users.get(g):
                return self.users[g]
        return "unknown"

    def target(self, note: str, kind: str, target_id: int | None) -> None:
        self.note_targets.setdefault(note, []).append((kind, target_id))

    # -- checking, before anything is stored ---------------------------------------------

    def plan(self) -> list[_Planned]:
        code_guids = {c.guid for c in self.qp.all_codes()}
        plans: list[_Planned] = []
        for src in self.qp.sources:
            plan = _Planned(src)
            plans.append(plan)
            what = f"source {src.name!r}"
            if src.missing:
                n = len(src.selections) + len(src.codings)
                if n:
                    self.problems.append(f"{what}: {n} coding(s) point at a source whose text is "
                                         f"missing ({src.missing})")
                else:
                    self.summary.skipped.append(f"text {what}: {src.missing}; skipped")
                continue
            raw = src.content or ""
            if raw.startswith("\ufeff"):
                raw, src.bom = raw.lstrip("\ufeff"), True
            plan.pm = PositionMap(raw)
            sels = [(s.start, s.end, s.name) for s in src.selections]
            try:
                chosen, evidence = choose(plan.pm, src.bom, sels, self.qp.origin)
            except Ambiguous as exc:
                self.problems.append(f"{what}: cannot tell how its positions are counted: {exc}")
                plan.bad = set(range(len(sels)))
                plan.spans = [None] * len(sels)
                continue
            plan.spans = chosen.spans
            if evidence and chosen.conv != SPEC:
                plan.convention = chosen.conv.describe()
                self.summary.conventions.append(
                    f"{what}: positions count {plan.convention} ({evidence})")
            total = Units(plan.pm.raw, chosen.conv).total
            for i, sel in enumerate(src.selections):
                at = f"{what}: selection {sel.start}-{sel.end}"
                if sel.start > sel.end:
                    self.problems.append(f"{at} is reversed (start after end)")
                elif sel.start < 0 or sel.end > total:
                    self.problems.append(f"{at} lies outside its text (0-{total})")
                elif plan.spans[i] is None or plan.spans[i][0] >= plan.spans[i][1]:
                    self.problems.append(f"{at} is empty")
                else:
                    for c in sel.codings:
                        if c.code not in code_guids:
                            self.problems.append(f"{at}: its coding names code {c.code or '(none)'}"
                                                 ", which is not in the codebook")
                    continue
                plan.bad.add(i)
            for c in src.codings:
                if c.code not in code_guids:
                    self.problems.append(f"{what}: a coding of the whole source names code "
                                         f"{c.code or '(none)'}, which is not in the codebook")
        for case in self.qp.cases:
            for ref in case.source_refs:
                if ref not in self.qp.source_guids:
                    self.problems.append(f"case {case.name!r} refers to source {ref}, which is "
                                         "not in the file")
        if self.problems and not self.skip_invalid:
            raise ImportFailed(
                f"{self.label}: {len(self.problems)} problem(s), nothing imported (pass "
                f"--skip-invalid to import the rest and list what is skipped):\n"
                + problem_list(self.problems))
        self.summary.skipped += [f"{p}; skipped" for p in self.problems]
        return plans

    # -- storing ---------------------------------------------------------------------

    def run(self) -> ImportSummary:
        plans = self.plan()
        people_before = self.p.q1("SELECT count(*) FROM participants")
        self.qp.codes, rebuilt = unflatten(self.qp.codes, self.qp.origin)
        self.summary.warnings += rebuilt
        codes = apply_codes(self.p, self.qp.codes, update=False)
        self.code_ids = codes.ids
        self.summary.themes_added = codes.added
        self.summary.warnings += codes.renamed
        for c in self.qp.all_codes():
            for ref in c.note_refs:
                if c.guid in self.code_ids:
                    self.target(ref, "theme", self.code_ids[c.guid])
        self.cases()
        known = [c.name for c in self.qp.cases] + [x.pid for x in self.p.participants(
            include_withdrawn=True)]
        self.owners = Owners(known, self.p.scheme)
        for plan in plans:
            if plan.pm is not None:
                self.source(plan)
        if self.by_title:
            shown = ", ".join(self.by_title[:3]) + (", ..." if len(self.by_title) > 3 else "")
            self.summary.warnings.append(
                f"{len(self.by_title)} source(s) belong to no case; each went to the participant "
                f"its title names ({shown})")
        if self.unowned:
            self.summary.warnings.append(
                f"{len(self.unowned)} source(s) belong to no case and their titles name no one "
                f"participant; kept under participant {PLACEHOLDER!r}: "
                + ", ".join(repr(t) for t in self.unowned))
        self.notes()
        self.summary.participants = self.p.q1("SELECT count(*) FROM participants") - people_before
        return self.summary

    def cases(self) -> None:
        for case in self.qp.cases:
            pid = " ".join(case.name.split()) or f"case-{case.guid[:8]}"
            attrs: dict[str, list[str]] = {}
            group = None
            for vv in case.values:
                if vv.variable in self.multi:
                    attr, option = self.multi[vv.variable]
                    if vv.value.strip().lower() in TRUE:
                        attrs.setdefault(attr, []).append(option)
                    continue
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

    def _pid_for(self, src: TextSource) -> tuple[str, str]:
        """(participant, group for a new one) of a source."""
        pid = self.source_pid.get(src.guid)
        if pid:
            return pid, DEFAULT_GROUP
        for vv in src.values:  # vos-coder writes it; QualCoder keeps it as a file attribute
            if self.variables.get(vv.variable) == PARTICIPANT_VARIABLE and vv.value.strip():
                return " ".join(vv.value.split()), DEFAULT_GROUP
        pid, _ = self.owners.match(src.name)
        if pid:
            self.by_title.append(f"{src.name!r} -> {pid}")
            return pid, DEFAULT_GROUP
        self.unowned.append(src.name)
        return PLACEHOLDER, PLACEHOLDER

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

    def source(self, plan: _Planned) -> None:
        src, pm = plan.src, plan.pm
        assert pm is not None
        if not pm.text.strip():
            self.summary.skipped.append(f"text source {src.name!r}: its plain text is empty; "
                                        "skipped")
            return
        kind = "document"
        for vv in src.values:
            if self.variables.get(vv.variable) == KIND_VARIABLE and vv.value in KINDS:
                kind = vv.value
        pid, group = self._pid_for(src)
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
            try:
                sid = self.p.add_source(pid, title, ParsedSource(pm.text, (), kind),
                                        origin=f"{self.label}:{src.name}", group=group).id
            except DuplicateOfAnother:  # its text is another respondent's survey answer
                raise ImportFailed(
                    f"{self.label}: source {src.name!r} ({kind}, {pid}) has the same text as a "
                    "survey answer of another participant; nothing imported. If it is a survey "
                    f"answer too, give it the variable {KIND_VARIABLE!r} = 'survey answer'"
                ) from None
            self.summary.sources += 1
        self.source_ids[src.guid] = sid
        for ref in src.note_refs:
            self.target(ref, "source", sid)
        spans: dict[str, tuple[int, int]] = {}
        rows: list[tuple[int, int, int, int, str]] = []  # code_many's (source, start, end, theme, coder)
        for i, sel in enumerate(src.selections):
            span = plan.spans[i]
            if i in plan.bad or span is None:
                continue
            start, end = span
            spans[sel.guid] = (start, end)
            coded = False
            for c in sel.codings:
                if c.code in self.code_ids:
                    rows.append((sid, start, end, self.code_ids[c.code],
                                 self.coder(c.user, sel.user)))
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


def apply_project(project: Project, qp: QdaProject, label: str,
                  skip_invalid: bool = False) -> ImportSummary:
    """Store ``qp`` in ``project`` in one transaction; ``label`` names the file.
    A selection outside its text, reversed or empty, a coding of a missing code
    or source fails the whole import (listing the problems) unless
    ``skip_invalid``, which stores the rest and lists every skipped item."""
    with project.transaction():
        summary = _Importer(project, qp, label, skip_invalid).run()
        project.audit("import.qdpx", file=label, origin=qp.origin, sources=summary.sources,
                      excerpts=summary.excerpts, codings=summary.codings, memos=summary.memos,
                      skipped=len(summary.skipped))
    return summary
