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


def demo_fingerprint(p: Project) -> str:
    """A hash of everything the project holds except its settings: it changes
    with any coding, theme, import, memo or quote decision made after the build."""
    import hashlib

    h = hashlib.sha256()
    from vos_coder.store.engine import iterdump

    for line in iterdump(p.db.conn):
        if not line.startswith('INSERT INTO "settings"'):
            h.update(line.encode("utf-8"))
    return h.hexdigest()


def demo_changed(path: Path) -> bool:
    """True when the demo project at ``path`` was changed since ``build_demo`` made it."""
    with Project.open(path) as p:
        return p.setting("demo_fingerprint") != demo_fingerprint(p)


def build_demo(path: Path) -> Project:
    """Create a project at ``path`` from the samples, with the demo codings,
    and an empty key file beside it (kept if one is there already)."""
    from vos_coder.privacy.keyfile import create_key

    samples = samples_dir()
    p = Project.create(path)
    create_key(path)
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
    _curate_quotes(p)
    p.set_setting("demo_fingerprint", demo_fingerprint(p))


def _curate_quotes(p: Project) -> None:
    """Approve a handful of quotes (the first of each top-level theme, and one
    from each anonymously attributed group) and shorten one with ``[…]``, so a
    quote export of the demo has content."""
    chosen: dict[str, str] = {}
    passages = sorted(p.quotes(), key=lambda q: q.quote_number or 0)
    for q in passages:
        top = q.themes[0].split("/")[0] if q.themes else ""
        if q.group == "survivor" and top and top not in chosen:
            chosen[top] = q.quote_id
    anonymous = {g.name for g in p.groups() if g.attribution == "anonymous"}
    for q in passages:
        if q.group in anonymous and q.group not in chosen:
            chosen[q.group] = q.quote_id
    for q in passages:  # a few more, from other participants
        if len(chosen) >= 6:
            break
        if q.group == "survivor" and q.participant not in {x.participant for x in passages
                                                           if x.quote_id in chosen.values()}:
            chosen[q.participant] = q.quote_id
    approved = list(chosen.values())
    long_one = next((q for q in passages if q.quote_id not in approved and len(q.text.split()) > 18
                     and q.group == "survivor"), None)
    with p.transaction():
        for ref in approved:
            p.set_quote_status(ref, "approved")
        if long_one is not None:
            words = long_one.text.split()
            p.set_display_text(long_one.quote_id, " ".join(words[:8]) + " […] " + " ".join(words[-6:]))
            p.set_quote_status(long_one.quote_id, "approved")

