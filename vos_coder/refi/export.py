"""A vos-coder project as a REFI-QDA project (.qdpx) or codebook (.qdc).

Withdrawn participants are left out with everything of theirs. Each source's
stored text (NFC, LF) is written as ``sources/<guid>.txt`` and selections
count code points into it with an exclusive end (see ``positions.py``), so a
round trip lands on the same offsets. GUIDs are derived from the data, so
exporting the same project twice gives the same file contents.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from vos_coder import __version__
from vos_coder.errors import VosError
from vos_coder.exporters.output import atomic_write
from vos_coder.refi.apply import GROUP_VARIABLE, KIND_VARIABLE, PARTICIPANT_VARIABLE
from vos_coder.refi.archive import write_qdpx
from vos_coder.refi.codebook import code_guid, stable_guid, themes_to_codes
from vos_coder.refi.conventions import UTF16_MARK
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
from vos_coder.refi.owners import MULTI_SEP
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


POSITIONS = ("codepoints", "utf16")


def _utf16(text: str) -> list[int]:
    """UTF-16 code units before each code point offset (and the end)."""
    out, n = [0], 0
    for ch in text:
        n += 2 if ord(ch) > 0xFFFF else 1
        out.append(n)
    return out


def _option_order(lists: list[list[str]]) -> list[str]:
    """A multi-select attribute's options in an order every participant's answer
    keeps (so the Boolean variables read back in the order chosen), else in
    order of first appearance."""
    first = list(dict.fromkeys(v for values in lists for v in values))
    after: dict[str, set[str]] = {o: set() for o in first}
    for values in lists:
        for a, b in pairwise(values):
            after[b].add(a)
    order: list[str] = []
    while len(order) < len(first):
        ready = [o for o in first if o not in order and after[o] <= set(order)]
        if not ready:
            return first  # the answers disagree on an order
        order.append(ready[0])
    return order


def _case_values(p, var_guid: dict[str, str], multi: dict[str, list[str]]) -> list[VariableValue]:
    values = [VariableValue(var_guid[GROUP_VARIABLE], p.group)]
    for name in sorted(p.attributes):
        chosen = p.attributes[name]
        if name in multi:  # one Boolean per option: QualCoder keeps one value per variable
            values += [VariableValue(var_guid[f"{name}{MULTI_SEP}{opt}"],
                                     "true" if opt in chosen else "false", "Boolean")
                       for opt in multi[name]]
        else:
            values += [VariableValue(var_guid[name], v) for v in chosen]
    return values


def collect(project: Project, positions: str = "codepoints") -> tuple[QdaProject, dict[str, bytes]]:
    """The project as QDA-XML data plus the plain text files of its sources.

    What peers need, learnt from QualCoder 4.0's importer: one value per
    variable and case (a multi-select attribute becomes one Boolean variable
    per option, ``<attribute>: <option>``), the coder on each
    ``<PlainTextSelection>`` (one selection per coder of a passage), times in
    the ``Z`` form, and each source's participant as a source variable
    ``participant`` (QualCoder ignores ``<SourceRef>`` in named cases; the
    SourceRefs are written too, for tools that read them). ``positions``
    "utf16" counts selections in UTF-16 code units, for tools that do (NVivo).
    """
    if positions not in POSITIONS:
        raise VosError(f"positions must be one of {', '.join(POSITIONS)}")
    themes = project.themes()
    theme_guid = {t.id: code_guid(t) for t in themes}
    origin = ORIGIN + (f"; {UTF16_MARK}" if positions == "utf16" else "")
    qp = QdaProject(name=project.setting("study", "vos-coder") or "vos-coder", origin=origin,
                    codes=themes_to_codes(themes))
    codes = {c.guid: c for c in qp.all_codes()}
    users: dict[str, str] = {}

    def user(name: str) -> str:
        name = name or "unknown"
        return users.setdefault(name, stable_guid("user", name))

    participants = project.participants()
    attr_names = sorted({n for p in participants for n in p.attributes})
    multi = {n: _option_order([p.attributes.get(n, []) for p in participants])
             for n in attr_names if any(len(p.attributes.get(n, [])) > 1 for p in participants)}
    var_guid: dict[str, str] = {}
    variables: list[Variable] = []
    for var, kind in [(GROUP_VARIABLE, "Text"), (KIND_VARIABLE, "Text"),
                      (PARTICIPANT_VARIABLE, "Text")] + [
            (f"{n}{MULTI_SEP}{opt}", "Boolean") if n in multi else (n, "Text")
            for n in attr_names for opt in (multi.get(n) or [""])]:
        if var not in var_guid:
            var_guid[var] = stable_guid("variable", var)
            variables.append(Variable(var_guid[var], var, kind))
    qp.variables = variables
    cases = {p.pid: Case(stable_guid("participant", p.pid), p.pid,
                         values=_case_values(p, var_guid, multi)) for p in participants}
    qp.cases = list(cases.values())

    files: dict[str, bytes] = {}
    sources: dict[int, TextSource] = {}
    scale: dict[int, list[int]] = {}
    for s in project.sources():
        g = stable_guid("source", f"{s.participant}:{s.content_hash}")  # unique per project
        text = project.source_text(s.id)
        files[f"{g}.txt"] = text.encode("utf-8")
        if positions == "utf16":
            scale[s.id] = _utf16(text)
        sources[s.id] = TextSource(g, s.title, plain_text_path=f"internal://{g}.txt",
                                   values=[VariableValue(var_guid[KIND_VARIABLE], s.kind),
                                           VariableValue(var_guid[PARTICIPANT_VARIABLE],
                                                         s.participant)])
        cases[s.participant].source_refs.append(g)
    qp.sources = list(sources.values())

    excerpts = {e["id"]: e for e in project.all_excerpts()}
    by_coder: dict[int, dict[str, list[dict]]] = {}
    for c in project.all_codings():
        by_coder.setdefault(c["excerpt_id"], {}).setdefault(c["coder"], []).append(c)
    selections: dict[int, Selection] = {}
    for e in excerpts.values():
        src = sources[e["source_id"]]
        key = f"{src.guid}:{e['start']}:{e['end']}"
        start, end = e["start"], e["end"]
        if e["source_id"] in scale:
            start, end = scale[e["source_id"]][start], scale[e["source_id"]][end]
        groups = by_coder.get(e["id"]) or {"": []}
        for n, (coder, rows) in enumerate(sorted(groups.items())):
            sel = Selection(stable_guid("excerpt", key if n == 0 else f"{key}:{coder}"),
                            start, end, user=user(coder) if coder or rows else "",
                            created=e["created_at"])
            if n == 0:
                selections[e["id"]] = sel  # notes on the passage go on its first selection
            for c in rows:
                sel.codings.append(CodingRef(
                    stable_guid("coding", f"{selections[e['id']].guid}:"
                                          f"{theme_guid[c['theme_id']]}:{c['coder']}"),
                    theme_guid[c["theme_id"]], user(c["coder"]), c["created_at"]))
            src.selections.append(sel)

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


def export_qdpx(project: Project, out: Path, positions: str = "codepoints") -> ExportSummary:
    """Write the project to ``out`` as a .qdpx; its project.qde is checked
    against the REFI-QDA schema first. Records the export in the audit log."""
    qp, files = collect(project, positions)
    qde = project_qde(qp)
    digest = write_qdpx(out, qde, files)
    summary = ExportSummary(len(qp.sources), len(qp.all_codes()), len(qp.cases),
                            len({(s.guid, sel.start, sel.end) for s in qp.sources
                                 for sel in s.selections}),
                            sum(len(sel.codings) for s in qp.sources for sel in s.selections),
                            len(qp.notes), digest)
    with project.transaction():
        project.audit("export.qdpx", file=Path(out).name, path=str(Path(out).resolve()),
                      positions=positions, sources=summary.sources,
                      excerpts=summary.excerpts, codings=summary.codings, sha256=digest)
    return summary


def export_qdc(project: Project, out: Path) -> int:
    """Write the codebook to ``out`` as a REFI-QDA .qdc; returns the number of themes."""
    themes = project.themes()
    data = codebook_qdc(themes_to_codes(themes), ORIGIN)
    digest = atomic_write(Path(out), lambda tmp: tmp.write_bytes(data))
    with project.transaction():
        project.audit("export.qdc", file=Path(out).name, path=str(Path(out).resolve()), themes=len(themes), sha256=digest)
    return len(themes)
