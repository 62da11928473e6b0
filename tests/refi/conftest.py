"""Helpers for REFI-QDA tests: hand-written .qdpx archives, schema checks, and
a snapshot of everything a project holds (to compare round trips and to prove
that a refused import stored nothing)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import open_raw, shared_path
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.core.text import normalise
from vos_coder.privacy.keyfile import create_key
from vos_coder.refi.writer import schema
from vos_coder.store import Project
from vos_coder.store.engine import iterdump

NS = "urn:QDA-XML:project:1.0"


def qde(body: str, attrs: str = 'name="t" origin="hand"') -> bytes:
    """A project.qde around ``body``."""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" {attrs}>'
            f"{body}</Project>").encode()


def make_qdpx(path: Path, project_qde: bytes, files: dict[str, bytes] | None = None,
              raw_entries: list[tuple[str, bytes]] | None = None) -> Path:
    """A .qdpx with project.qde, sources/<name> files and any raw entries."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_qde)
        for name, data in (files or {}).items():
            z.writestr(f"sources/{name}", data)
        for name, data in raw_entries or []:
            z.writestr(name, data)
    return path


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def assert_valid_project(data: bytes) -> None:
    """project.qde validates against the REFI-QDA schema: ../shared's and the bundled copy."""
    doc = etree.fromstring(data)
    bundled = schema("Project-mrt2019.xsd")
    assert bundled.validate(doc), bundled.error_log
    xsd_path = shared_path("refi", "Project-mrt2019.xsd")
    shared = etree.XMLSchema(etree.parse(str(xsd_path)))
    assert shared.validate(doc), shared.error_log


def dump(db: Path) -> list[str]:
    conn = open_raw(db)
    try:
        return list(iterdump(conn))
    finally:
        conn.close()


def snapshot(p: Project) -> dict:
    """What a round trip must keep, keyed by names rather than database ids."""
    themes = {t.id: t.path for t in p.themes()}
    sources = {s.id: s for s in p.sources()}
    people = {x.id: x.pid for x in p.participants()}
    excerpts = {e["id"]: e for e in p.all_excerpts()}

    def memo_target(m):
        if m.target_kind == "theme":
            return themes[m.target_id]
        if m.target_kind == "participant":
            return people[m.target_id]
        if m.target_kind == "source":
            return sources[m.target_id].title
        if m.target_kind == "excerpt":
            e = excerpts[m.target_id]
            return (sources[e["source_id"]].title, e["start"], e["end"])
        return None

    return {
        "themes": sorted((t.path, t.uuid, t.colour, t.description, t.inclusion, t.exclusion)
                         for t in p.themes()),
        "participants": sorted((x.pid, x.group, tuple(sorted((k, tuple(v))
                                                              for k, v in x.attributes.items())))
                               for x in p.participants()),
        "sources": sorted((s.title, s.participant, s.kind, p.source_text(s.id))
                          for s in sources.values()),
        "excerpts": sorted((sources[e["source_id"]].title, e["start"], e["end"], e["text"])
                           for e in excerpts.values()),
        "codings": sorted((c["source"], c["start"], c["end"], themes[c["theme_id"]], c["coder"])
                          for c in p.all_codings()),
        "memos": sorted((m.target_kind, str(memo_target(m)), m.text, m.author)
                        for m in p.all_memos()),
    }


ALBANIAN = normalise(
    "Intervistuesi: Si ndiheshe atëherë?\n"
    "VoS-AL-02: Në qytetin tonë të vogël askush nuk flet për këtë. 😶 Heshtja është më e lehtë.\n"
    "Intervistuesi: Po shkolla?\n"
    "VoS-AL-02: Psikologia e shkollës më dëgjoi, por kishte frikë nga prindërit. 🙏\n"
)
SPANISH = normalise(
    "Entrevistadora: ¿Sabías a dónde llamar?\n"
    "VoS-PE-01: No, nadie me habló de la línea de ayuda. Niña, señora, corazón: así me decían.\n"
)


def _turns(text: str) -> tuple[Turn, ...]:
    turns, start = [], 0
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        turns.append(Turn(n, line.split(":")[0], start, start + len(line.rstrip("\n"))))
        start += len(line)
    return tuple(turns)


TURNS = _turns(ALBANIAN)


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def rich_project(tmp_path) -> Project:
    """A project with accents, emoji, a hierarchy, two coders, attributes
    (one multi-valued), two groups, turns and memos on every kind of target."""
    p = Project.create(tmp_path / "rich.db", study="VoS", countries=("AL", "PE"), codebook="empty")
    create_key(p.path)  # the lead's copy: an (empty) identifier list beside the project
    p.add_theme("Stigma and shame", description="Shame around seeking help.",
                inclusion="Talk of silence at home.", exclusion="Media reports.", colour="#e45756")
    p.add_theme("Culture of silence", "Stigma and shame", colour="#abc")
    p.add_theme("Support services", description="Services — psychologists, lines.")
    p.add_theme("Awareness of hotlines", "Support services")
    a = p.add_source("VoS-AL-02", "VoS-AL-02 conversation",
                     ParsedSource(ALBANIAN, TURNS, "conversation"))
    b = p.add_source("VoS-PE-01", "VoS-PE-01", ParsedSource(SPANISH, (), "conversation"))
    p.set_attributes("VoS-AL-02", {"age": "19", "town_type": "small town",
                                   "factors": ["fear of blame", "shame"]})
    p.set_attributes("VoS-PE-01", {"age": "20", "town_type": "city"})
    p.ensure_participant("FW-07", "frontline worker")
    p.set_attributes("FW-07", {"degree": "yes"})
    silence = span(ALBANIAN, "askush nuk flet për këtë. 😶 Heshtja")
    p.code(a.id, *silence, ["Stigma and shame/Culture of silence"], coder="ana")
    p.code(a.id, *silence, ["Stigma and shame"], coder="bora")
    p.code(a.id, *span(ALBANIAN, "Psikologia e shkollës më dëgjoi"), ["Support services"], coder="ana")
    p.code(b.id, *span(SPANISH, "nadie me habló de la línea de ayuda"),
           ["Support services/Awareness of hotlines"], coder="bora")
    p.code(b.id, *span(SPANISH, "Niña, señora, corazón"), ["Stigma and shame"], coder="ana")
    excerpt_id = p.all_excerpts()[0]["id"]
    with p.transaction():
        p.interchange_memo("project", None, "Codebook agreed on 3 May.", "lead")
        p.interchange_memo("theme", p.theme("Culture of silence").id, "Often with 😶.", "ana")
        p.interchange_memo("participant", p.participant("VoS-AL-02").id, "Spoke slowly.", "bora")
        p.interchange_memo("source", a.id, "Recorded in a quiet room.", "ana")
        p.interchange_memo("excerpt", excerpt_id, "Key passage: silence.", "bora")
    yield p
    p.close()
