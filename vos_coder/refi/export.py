"""A vos-coder project as a REFI-QDA project (.qdpx) or codebook (.qdc).

Withdrawn participants are left out with everything of theirs. Each source's
stored text (NFC, LF) is written as ``sources/<guid>.txt`` and selections
count code points into it with an exclusive end (see ``positions.py``), so a
round trip lands on the same offsets. GUIDs are derived from the data, so
exporting the same project twice gives the same file contents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from vos_coder import __version__
from vos_coder.exporters.output import atomic_write
from vos_coder.refi.apply import GROUP_VARIABLE, KIND_VARIABLE
from vos_coder.refi.archive import write_qdpx
from vos_coder.refi.codebook import code_guid, stable_guid, themes_to_codes
from vos_coder.refi.model import (
    Case,
    CodingRef,
    Link,
    Note,
    QdaProject,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from vos_coder.refi.writer import codebook_qdc, project_qde
from vos_coder.store import Project

ORIGIN = f"vos-coder {__version__}"


@dataclass(frozen=True)
class ExportSummary:
    sources: int
    themes: int
    participants: int
    excerpts: int
    codings: int
    memos: int
    sha256: str

    def line(self) -> str:
        return (f"{self.sources} source(s), {self.themes} theme(s), {self.participants} "
                f"participant(s), {self.excerpts} excerpt(s), {self.codings} coding(s), "
                f"{self.memos} memo(s)")


def collect(project: Project) -> tuple[QdaProject, dict[str, bytes]]:
    """The project as QDA-XML data plus the plain text files of its sources."""
    themes = project.themes()
    theme_guid = {t.id: code_guid(t) for t in themes}
    qp = QdaProject(name=project.setting("study", "vos-coder") or "vos-coder", origin=ORIGIN,
                    codes=themes_to_codes(themes))
    codes = {c.guid: c for c in qp.all_codes()}
    users: dict[str, str] = {}

    def user(name: str) -> str:
        name = name or "unknown"
        return users.setdefault(name, stable_guid("user", name))

    participants = project.participants()
    attr_names = sorted({n for p in participants for n in p.attributes})
    var_guid = {n: stable_guid("variable", n) for n in [GROUP_VARIABLE, KIND_VARIABLE, *attr_names]}
    qp.variables = [Variable(g, n) for n, g in var_guid.items()]
    cases = {}
    for p in participants:
        values = [VariableValue(var_guid[GROUP_VARIABLE], p.group)]
        values += [VariableValue(var_guid[n], v) for n in sorted(p.attributes)
                   for v in p.attributes[n]]
        cases[p.pid] = Case(stable_guid("participant", p.pid), p.pid, values=values)
    qp.cases = list(cases.values())

    files: dict[str, bytes] = {}
    sources: dict[int, TextSource] = {}
    for s in project.sources():
        g = stable_guid("source", f"{s.participant}:{s.content_hash}")  # unique per project
        files[f"{g}.txt"] = project.source_text(s.id).encode("utf-8")
        sources[s.id] = TextSource(g, s.title, plain_text_path=f"internal://{g}.txt",
                                   values=[VariableValue(var_guid[KIND_VARIABLE], s.kind)])
        cases[s.participant].source_refs.append(g)
    qp.sources = list(sources.values())

    selections: dict[int, Selection] = {}
    for e in project.all_excerpts():
        src = sources[e["source_id"]]
        sel = Selection(stable_guid("excerpt", f"{src.guid}:{e['start']}:{e['end']}"),
                        e["start"], e["end"], created=e["created_at"])
        selections[e["id"]] = sel
        src.selections.append(sel)
    for c in project.all_codings():
        sel = selections[c["excerpt_id"]]
        sel.codings.append(CodingRef(
            stable_guid("coding", f"{sel.guid}:{theme_guid[c['theme_id']]}:{c['coder']}"),
            theme_guid[c["theme_id"]], user(c["coder"]), c["created_at"]))

    participant_guid = {p.id: cases[p.pid].guid for p in participants}
    for m in project.all_memos():
        g = stable_guid("memo", f"{m.id}:{m.created_at}")
        qp.notes.append(Note(g, f"{m.target_kind} memo", m.text, user(m.author), m.created_at))
        if m.target_kind == "theme" and m.target_id in theme_guid:
            codes[theme_guid[m.target_id]].note_refs.append(g)
        elif m.target_kind == "source" and m.target_id in sources:
            sources[m.target_id].note_refs.append(g)
        elif m.target_kind == "excerpt" and m.target_id in selections:
            selections[m.target_id].note_refs.append(g)
        elif m.target_kind == "participant" and m.target_id in participant_guid:
            qp.links.append(Link(stable_guid("link", g), g, participant_guid[m.target_id],
                                 "Memo-Case Relation"))
        else:
            qp.project_note_refs.append(g)
    qp.users = [User(g, n) for n, g in sorted(users.items())]
    return qp, files


def export_qdpx(project: Project, out: Path) -> ExportSummary:
    """Write the project to ``out`` as a .qdpx; its project.qde is checked
    against the REFI-QDA schema first. Records the export in the audit log."""
    qp, files = collect(project)
    qde = project_qde(qp)
    write_qdpx(out, qde, files)
    digest = hashlib.sha256(Path(out).read_bytes()).hexdigest()
    summary = ExportSummary(len(qp.sources), len(qp.all_codes()), len(qp.cases),
                            sum(len(s.selections) for s in qp.sources),
                            sum(len(sel.codings) for s in qp.sources for sel in s.selections),
                            len(qp.notes), digest)
    with project.transaction():
        project.audit("export.qdpx", file=Path(out).name, sources=summary.sources,
                      excerpts=summary.excerpts, codings=summary.codings, sha256=digest)
    return summary


def export_qdc(project: Project, out: Path) -> int:
    """Write the codebook to ``out`` as a REFI-QDA .qdc; returns the number of themes."""
    themes = project.themes()
    data = codebook_qdc(themes_to_codes(themes), ORIGIN)
    digest = atomic_write(Path(out), lambda tmp: tmp.write_bytes(data))
    with project.transaction():
        project.audit("export.qdc", file=Path(out).name, themes=len(themes), sha256=digest)
    return len(themes)
