"""Bringing files into a project: importer -> (optional transform) -> Project.

Each file is its own transaction: a bad file stores nothing and does not stop
the others. The CLI and the TUI both call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vos_coder.core.ids import IdScheme
from vos_coder.core.model import ParsedSource, Source
from vos_coder.core.text import normalise
from vos_coder.errors import Duplicate, ImportFailed, VosError
from vos_coder.importers import read_source
from vos_coder.store import Project
from vos_coder.store.actor import default_actor

# A hook that may rewrite a parsed source before it is stored (pseudonymisation).
Transform = Callable[[str, ParsedSource], ParsedSource]


@dataclass
class ImportReport:
    """What happened to each file of one import."""

    imported: list[str] = field(default_factory=list)  # "file -> participant (source id)"
    skipped: list[str] = field(default_factory=list)  # already present
    failed: list[str] = field(default_factory=list)  # "file: reason", one clear line each
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (file, reason) of each failure
    warnings: list[str] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    kept_columns: list[str] = field(default_factory=list)  # survey answers kept as sources
    files: int = 0  # files asked for
    # Stopped early: True (a first Ctrl-C, asked between files) or the KeyboardInterrupt
    # met inside a file (rolled back). The files not reached were not tried.
    interrupted: bool | KeyboardInterrupt = False

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def done(self) -> int:
        """Files dealt with (imported, skipped or failed)."""
        return len(self.imported) + len(self.skipped) + len(self.failed)

    def grouped_failures(self) -> list[tuple[str, list[str]]]:
        """Failure reasons with the files that failed for each, most frequent first."""
        groups: dict[str, list[str]] = {}
        for name, reason in self.reasons:
            groups.setdefault(reason, []).append(name)
        return sorted(groups.items(), key=lambda kv: -len(kv[1]))

    def summary(self) -> str:
        """One line: imported N, skipped M as already present, failed K."""
        return (f"imported {len(self.imported)}, skipped {len(self.skipped)} as already present, "
                f"failed {len(self.failed)} (of {self.files} file{'s' if self.files != 1 else ''})")


@dataclass
class Expanded:
    """The files named, with folders walked (see :func:`expand_paths`)."""

    files: list[Path]
    passed_over: int = 0  # files in folders that are not transcripts, or hidden


#: What a folder brings in: transcripts only (a survey .csv is imported only when named).
FOLDER_SUFFIXES = frozenset({".txt", ".md", ".docx", ".vtt", ".srt"})


def expand_paths(paths: Sequence[Path], recursive: bool = True) -> Expanded:
    """Files as named, and for each folder the transcripts in it (.txt .md
    .docx .vtt .srt) and, when ``recursive``, in its subfolders, in name
    order. Hidden files and folders (``.name``), Word's lock files (``~$name``)
    and other suffixes are passed over (counted); a file named twice is taken once."""
    out = Expanded([])
    seen: set[Path] = set()

    def take(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.files.append(path)

    for path in paths:
        if not path.is_dir():
            take(path)
            continue
        walker = sorted(path.rglob("*") if recursive else path.glob("*"))
        for f in walker:
            if not f.is_file():
                continue
            parts = f.relative_to(path).parts
            if (any(x.startswith(".") for x in parts) or f.name.startswith("~$")
                    or f.suffix.lower() not in FOLDER_SUFFIXES):
                out.passed_over += 1
                continue
            take(f)
    return out


def participant_for(project: Project, path: Path, participant: str | None,
                    participant_from: str | None = None, scheme: IdScheme | None = None) -> str:
    """The participant named on the command line, else the one the file name
    names by ``participant_from`` (a regex for this import) or the project's
    file-name pattern; a name that fits neither fails, showing the pattern.
    ``scheme``: the project's, when the caller has read it already."""
    if participant:
        return participant.strip()
    scheme = scheme or project.scheme
    pid = scheme.from_filename(path.name, participant_from)
    if pid is None:
        if participant_from:
            raise ImportFailed(f"{path.name}: the file name (without suffix) does not fit "
                               f"--participant-from {participant_from}")
        ex = scheme.example()
        like = "" if scheme.file_pattern else f" (like {ex}.txt or {ex}_interview2.docx)"
        raise ImportFailed(
            f"{path.name}: the file name (without suffix) does not fit the project's pattern "
            f"{scheme.name_pattern()}{like}; rename it, or pass --participant ID or "
            "--participant-from REGEX")
    return pid


def import_file(project: Project, path: Path, participant: str | None = None,
                group: str = "survivor", transform: Transform | None = None,
                warnings: list[str] | None = None, allow_duplicate: bool = False,
                participant_from: str | None = None) -> int:
    """Import one transcript file; returns the new source id. The importer's
    warnings (a guessed encoding...) are appended to ``warnings``. Text stored
    under another participant is refused unless ``allow_duplicate``."""
    parsed = read_source(path)
    pid = participant_for(project, path, participant, participant_from)
    if warnings is not None:
        warnings.extend(parsed.warnings)
    if transform is not None:
        parsed = transform(pid, parsed)
    return _store(project, path, pid, parsed, group, allow_duplicate).id


def _store(project: Project, path: Path, pid: str, parsed: ParsedSource, group: str,
           allow_duplicate: bool, actor: str | None = None) -> Source:
    with project.transaction():
        source = project.add_source(pid, path.stem, parsed, origin=path.name, group=group,
                                    allow_duplicate=allow_duplicate)
        project.audit("import", actor, file=path.name, participant=pid, source=source.id,
                      characters=source.length, **({"duplicate": True} if allow_duplicate else {}))
    return source


def _import_one(project: Project, path: Path, participant: str | None, group: str,
                transform: Transform | None, warnings: list[str], allow_duplicate: bool,
                participant_from: str | None, scheme: IdScheme, actor: str) -> Source:
    """``import_file``, giving back the stored source (the project's scheme
    and the actor are read once per import)."""
    parsed = read_source(path)
    pid = participant_for(project, path, participant, participant_from, scheme)
    warnings.extend(parsed.warnings)
    if transform is not None:
        parsed = transform(pid, parsed)
    return _store(project, path, pid, parsed, group, allow_duplicate, actor)


@dataclass
class SurveyResult:
    """What a survey import did: new answer sources, answers already stored,
    and open-answer columns moved out of participant attributes."""

    source_ids: list[int] = field(default_factory=list)
    known: int = 0  # answers already in the project (a re-import)
    moved: list[str] = field(default_factory=list)  # columns removed from attributes
    moved_from: int = 0  # respondents who had any of them as attributes
    kept: list[str] = field(default_factory=list)  # columns stored as answers before, kept so

    def line(self, name: str) -> str:
        again = f" ({self.known} already in the project)" if self.known else ""
        out = f"{name}: {len(self.source_ids)} answers{again}"
        if self.moved:
            out += (f"; moved {', '.join(self.moved)} from participant attributes to answers "
                    f"(sources) for {self.moved_from} respondent(s)")
        if self.kept:
            out += (f"; {', '.join(self.kept)} kept as answers (sources), as imported before, "
                    "not made attributes")
        return out


def _answer_columns(project: Project, path: Path) -> set[str]:
    """Columns of this survey file already stored as answers (sources)."""
    prefix = f"{path.name}:"
    return {s.origin[len(prefix):] for s in project.sources()
            if s.origin and s.origin.startswith(prefix)}


def import_survey_file(project: Project, path: Path, id_column: str | None,
                       text_columns: Sequence[str] | None, group: str,
                       transform: Transform | None = None) -> SurveyResult:
    """Import a survey CSV as one transaction: a participant per row with its
    attributes, and a source per non-empty open answer.

    An open answer is never both an attribute and a source: a re-import with
    ``text_columns`` removes those columns from the respondents' attributes
    (a first import without them made them attributes), and a column stored
    as answers by an earlier import of this file stays answers when
    ``text_columns`` leaves it out."""
    from vos_coder.importers.survey import header_of, read_survey

    columns = list(text_columns or [])
    header = header_of(path)
    kept = sorted(c for c in _answer_columns(project, path) if c in header and c not in columns)
    survey = read_survey(path, id_column, columns + kept or None)
    result = SurveyResult(kept=kept)
    with project.transaction():
        for row in survey.rows:
            project.ensure_participant(row.pid, group)
            before = project.participant(row.pid).attributes
            stale = {c: None for c in row.answers if c in before}
            result.moved += [c for c in stale if c not in result.moved]
            result.moved_from += bool(stale)
            project.set_attributes(row.pid, {**row.attributes, **stale})
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
                    result.known += 1  # this respondent's answer is already stored
                    continue
                result.source_ids.append(src.id)
        extra = {"moved_to_sources": sorted(result.moved)} if result.moved else {}
        project.audit("import.survey", file=path.name, respondents=len(survey.rows),
                      answers=len(result.source_ids), already_stored=result.known, **extra)
    return result


#: Files stored under one COMMIT (each still in its own savepoint: a bad file
#: stores nothing). A group ends at this many files, characters or seconds,
#: whichever comes first, so the write lock is never held for long.
GROUP_FILES = 200
GROUP_CHARS = 16_000_000
GROUP_SECONDS = 1.0


class _GroupLost(Exception):
    """SQLite gave up the whole open transaction (a full disk...): the files
    stored in it so far are gone with it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def import_paths(project: Project, paths: Sequence[Path], participant: str | None = None,
                 group: str | None = None, id_column: str | None = None,
                 text_columns: Sequence[str] | None = None, transform: Transform | None = None,
                 progress: Callable[[Path], None] | None = None,
                 allow_duplicate: bool = False, participant_from: str | None = None,
                 stop: Callable[[], bool] | None = None,
                 on_file: Callable[[str, str, bool], None] | None = None) -> ImportReport:
    """Import many files, each all or nothing; failures are listed, not raised.

    Each file is stored in its own savepoint, so a bad file stores nothing;
    several files share one COMMIT (see GROUP_FILES), and a file is reported
    imported once its group is committed. With a ``transform`` (which may ask
    questions) every file is committed on its own.

    ``stop`` is asked before each file: when it says so (a first Ctrl-C), the
    import ends there with ``interrupted`` set; a KeyboardInterrupt inside a
    file rolls that file back and ends it the same way. ``on_file(kind,
    line)`` hears of each file as it is done (kind: imported, skipped, failed)."""
    import time

    report = ImportReport(files=len(paths))
    scheme, actor = project.scheme, default_actor()
    pending: list[tuple[int | None, str, bool]] = []  # stored in the open group, not yet committed

    def note(kind: str, line: str, survey: bool = False) -> None:
        getattr(report, kind).append(line)
        if on_file:
            on_file(kind, line, survey)

    def one(path: Path) -> int:
        """Import one file (its own savepoint); returns its characters."""
        try:
            if path.suffix.lower() == ".csv":
                result = import_survey_file(project, path, id_column, text_columns,
                                            group or "frontline worker", transform)
                report.kept_columns += result.kept
                for sid in result.source_ids:
                    pending.append((sid, "", True))
                pending.append((None, result.line(path.name), True))
                return 0
            src = _import_one(project, path, participant, group or "survivor", transform,
                              report.warnings, allow_duplicate, participant_from, scheme, actor)
            pending.append((src.id, f"{path.name} -> {src.participant} (source {src.id})", False))
            return src.length
        except Duplicate as exc:
            note("skipped", exc.message)
        except VosError as exc:
            message = str(exc)
            reason = message[len(path.name) + 2:] if message.startswith(f"{path.name}: ") else message
            report.reasons.append((path.name, reason))
            note("failed", f"{path.name}: {reason}")
            if not project.db.conn.in_transaction:
                raise _GroupLost(reason) from None
        return 0

    per_group = 1 if transform is not None else GROUP_FILES
    i = 0
    while i < len(paths) and not report.interrupted:
        started, chars, in_group, saving = time.monotonic(), 0, 0, False
        try:
            with project.transaction():
                while i < len(paths) and in_group < per_group:
                    if stop is not None and stop():
                        report.interrupted = True
                        break
                    path = paths[i]
                    try:
                        chars += one(path)
                    except KeyboardInterrupt as exc:
                        report.interrupted = exc  # this file's savepoint was rolled back
                        break
                    finally:
                        i += 1
                    in_group += 1
                    if progress:
                        progress(path)
                    if chars >= GROUP_CHARS or time.monotonic() - started >= GROUP_SECONDS:
                        break
                saving = True
        except (_GroupLost, VosError, KeyboardInterrupt) as exc:
            if isinstance(exc, VosError) and not saving:
                raise  # not a file's failure (a damaged project...): the import stops, as it did
            # The group's transaction is gone (rolled back by SQLite, or its
            # COMMIT failed or was interrupted): its files were not stored.
            reason = exc.reason if isinstance(exc, _GroupLost) else \
                "the import stopped while saving it" if isinstance(exc, KeyboardInterrupt) else str(exc)
            for sid, line, _survey in pending:
                if line:
                    name = line.split(" -> ")[0].split(": ")[0]
                    report.reasons.append((name, f"not stored: {reason}"))
                    note("failed", f"{name}: not stored: {reason}")
            pending.clear()
            if isinstance(exc, KeyboardInterrupt):
                report.interrupted = exc
            continue
        for sid, line, survey in pending:
            if sid is not None:
                report.source_ids.append(sid)
            if line:
                note("imported", line, survey=survey)
        pending.clear()
    return report
