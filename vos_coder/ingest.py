"""Bringing files into a project: importer -> (optional transform) -> Project.

Each file is its own transaction: a bad file stores nothing and does not stop
the others. The CLI and the TUI both call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vos_coder.core.model import ParsedSource
from vos_coder.core.text import normalise
from vos_coder.errors import Duplicate, ImportFailed, VosError
from vos_coder.importers import read_source
from vos_coder.importers.survey import read_survey
from vos_coder.store import Project

# A hook that may rewrite a parsed source before it is stored (pseudonymisation).
Transform = Callable[[str, ParsedSource], ParsedSource]


@dataclass
class ImportReport:
    """What happened to each file of one import."""

    imported: list[str] = field(default_factory=list)  # "file -> participant (source id)"
    skipped: list[str] = field(default_factory=list)  # duplicates
    failed: list[str] = field(default_factory=list)  # one clear line each
    warnings: list[str] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def participant_for(project: Project, path: Path, participant: str | None) -> str:
    if participant:
        return participant.strip()
    pid = project.scheme.from_filename(path.name)
    if pid is None:
        raise ImportFailed(
            f"{path.name}: cannot tell the participant from the file name; name it like "
            f"{project.scheme.example()}.txt or pass --participant")
    return pid


def import_file(project: Project, path: Path, participant: str | None = None,
                group: str = "survivor", transform: Transform | None = None,
                warnings: list[str] | None = None, allow_duplicate: bool = False) -> int:
    """Import one transcript file; returns the new source id. The importer's
    warnings (a guessed encoding...) are appended to ``warnings``. Text stored
    under another participant is refused unless ``allow_duplicate``."""
    parsed = read_source(path)
    pid = participant_for(project, path, participant)
    if warnings is not None:
        warnings.extend(parsed.warnings)
    if transform is not None:
        parsed = transform(pid, parsed)
    with project.transaction():
        source = project.add_source(pid, path.stem, parsed, origin=path.name, group=group,
                                    allow_duplicate=allow_duplicate)
        project.audit("import", file=path.name, participant=pid, source=source.id,
                      characters=source.length, **({"duplicate": True} if allow_duplicate else {}))
    return source.id


def import_survey_file(project: Project, path: Path, id_column: str | None,
                       text_columns: Sequence[str] | None, group: str,
                       transform: Transform | None = None) -> tuple[list[int], int]:
    """Import a survey CSV as one transaction: a participant per row with its
    attributes, and a source per non-empty open answer. Returns the new source
    ids and how many answers were already in the project (a re-import)."""
    survey = read_survey(path, id_column, list(text_columns) if text_columns else None)
    ids: list[int] = []
    known = 0
    with project.transaction():
        for row in survey.rows:
            project.ensure_participant(row.pid, group)
            project.set_attributes(row.pid, row.attributes)
            for column, answer in row.answers.items():
                if not answer.strip():
                    continue
                parsed = ParsedSource(normalise(answer), (), "survey answer")
                if transform is not None:
                    parsed = transform(row.pid, parsed)
                try:
                    src = project.add_source(row.pid, f"{row.pid} {column}", parsed,
                                             origin=f"{path.name}:{column}", group=group)
                except Duplicate:
                    known += 1  # this respondent's answer is already stored
                    continue
                ids.append(src.id)
        project.audit("import.survey", file=path.name, respondents=len(survey.rows),
                      answers=len(ids), already_stored=known)
    return ids, known


def import_paths(project: Project, paths: Sequence[Path], participant: str | None = None,
                 group: str | None = None, id_column: str | None = None,
                 text_columns: Sequence[str] | None = None, transform: Transform | None = None,
                 progress: Callable[[Path], None] | None = None,
                 allow_duplicate: bool = False) -> ImportReport:
    """Import many files, each in its own transaction; failures are listed, not raised."""
    report = ImportReport()
    for path in paths:
        try:
            if path.suffix.lower() == ".csv":
                ids, known = import_survey_file(project, path, id_column, text_columns,
                                                group or "frontline worker", transform)
                again = f" ({known} already in the project)" if known else ""
                report.imported.append(f"{path.name}: {len(ids)} answers{again}")
                report.source_ids += ids
            else:
                sid = import_file(project, path, participant, group or "survivor", transform,
                                  report.warnings, allow_duplicate)
                pid = project.source(sid).participant
                report.imported.append(f"{path.name} -> {pid} (source {sid})")
                report.source_ids.append(sid)
        except Duplicate as exc:
            report.skipped.append(exc.message)
        except VosError as exc:
            report.failed.append(str(exc) if str(exc).startswith(path.name) else f"{path.name}: {exc}")
        if progress:
            progress(path)
    return report
