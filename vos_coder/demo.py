"""The demo project: the fictional sample transcripts, survey and codings.

``build_demo(path)`` is what ``vos-coder demo`` runs; tests build it too.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from vos_coder.errors import ProjectError
from vos_coder.ingest import import_paths
from vos_coder.store import Project


def samples_dir() -> Path:
    """sample_transcripts/: inside the wheel, or at the top of a checkout."""
    packaged = resources.files("vos_coder").joinpath("sample_transcripts")
    if packaged.is_dir():
        return Path(str(packaged))
    here = Path(__file__).resolve().parents[1] / "sample_transcripts"
    if here.is_dir():
        return here
    raise ProjectError("the sample transcripts are missing from this installation")


def is_demo_project(path: Path) -> bool:
    """True for a file that ``build_demo`` made (so it may be rebuilt)."""
    try:
        with Project.open(path) as p:
            return p.setting("demo") == "1"
    except ProjectError:
        return False


def build_demo(path: Path) -> Project:
    """Create a project at ``path`` from the samples, with the demo codings."""
    samples = samples_dir()
    p = Project.create(path)
    try:
        _fill(p, samples)
    except BaseException:
        p.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return p


def _fill(p: Project, samples: Path) -> None:
    p.set_setting("demo", "1")
    transcripts = sorted(samples.glob("VoS-*.txt"))
    report = import_paths(p, transcripts)
    if not report.ok:
        raise ProjectError("demo import failed: " + "; ".join(report.failed))
    with (samples / "participants.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pid = row.pop("participant")
            p.set_participant_group(pid, row.pop("group") or "survivor")
            p.set_attributes(pid, row)
    survey = import_paths(p, [samples / "frontline_survey.csv"], id_column="respondent",
                          text_columns=["open_awareness", "open_services"])
    if not survey.ok:
        raise ProjectError("demo survey import failed: " + "; ".join(survey.failed))
    with (samples / "demo_codings.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            start, end = p.match_span(row["participant"], row["match"])
            p.code(row["participant"], start, end, [row["theme"]], row.get("coder") or "demo")
