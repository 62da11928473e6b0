"""Hit ids and dismissals as an adversary sees them: a dismissed hit stays
dismissed whichever command meets it, and nothing stored in the project can
be brute-forced back to a name without the key file."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.privacy.conftest import TEXT_04, TEXT_05, span
from vos_coder.cli import app
from vos_coder.core.text import fold
from vos_coder.store import Project
from vos_coder.store.engine import sqlite

NAMES = ["Ardita Hoxha", "Ardita", "Hoxha", "Lushnjë", "Lushnje", "Arditës"]
# A candidate list as an attacker would hold it: common names and towns, the real ones among them.
CANDIDATES = NAMES + ["Besnik", "Blerina", "Mirela", "Genta", "Klodian", "Elbasan", "Tirana",
                      "Durrës", "Shkodër", "Korçë", "Fier", "Berat", "Arben", "Cela", "Krasniqi"]


def cli(db: Path, *args: str, key: Path | None = None):
    extra = ["--key", str(key)] if key else []
    r = CliRunner().invoke(app, [*map(str, args), "--db", str(db), *extra])
    if r.exception and not isinstance(r.exception, SystemExit):
        raise AssertionError(f"traceback reached the user: {r.exception!r}")
    return r


def make(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    db = folder / "p.db"
    assert cli(db, "init").exit_code == 0
    assert cli(db, "identifiers", "add", "Ardita Hoxha", "--participant", "VoS-AL-04").exit_code == 0
    assert cli(db, "identifiers", "add", "Lushnjë", "--kind", "place").exit_code == 0
    for pid, text in (("VoS-AL-04", TEXT_04), ("VoS-AL-05", TEXT_05)):
        (folder / f"{pid}.txt").write_text(text, encoding="utf-8")
        assert cli(db, "import", folder / f"{pid}.txt").exit_code == 0
    with Project.open(db) as p:
        theme = p.themes()[1].path
        p.code(1, *span(TEXT_04, "Ardita from my class said the teacher would help."), theme)
        p.code(1, *span(TEXT_04, "The zebraquartz lantern story spread to everyone in Lushnjë"), theme)
        p.code(2, *span(TEXT_05, "The ferngrove harbour plan helped my sister."), theme)
        with p.transaction():
            p.db.execute("UPDATE quotes SET status = 'approved'")
    return db


def hits(db: Path) -> list[dict]:
    r = cli(db, "check", "--format", "json")
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout) if r.stdout.strip() else []


EXPORTS = [("export", "codings", "--out", "c.csv"), ("qdpx", "export", "--out", "p.qdpx"),
           ("export", "quotes", "--out", "q.md"), ("export", "matrix", "--out", "m.csv")]


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: " ".join(e[:2]))
def test_an_exporter_names_a_hit_by_the_same_id_as_check(tmp_path, export):
    db = make(tmp_path, "p")
    ids = {h["hit"] for h in hits(db)}
    r = cli(db, *export[:-1], db.parent / export[-1])
    if r.exit_code:  # refused: every hit it names is one check listed
        named = set(re.findall(r"hit ([0-9a-f]{16})", r.stderr))
        assert named and named <= ids, (named, ids)


def test_hits_dismissed_in_check_are_not_raised_by_any_exporter(tmp_path):
    db = make(tmp_path, "p")
    found = hits(db)
    assert {h["matched"] for h in found} >= {"Ardita", "Lushnjë", "Arditës"}
    before = cli(db, "export", "codings", "--out", db.parent / "c.csv")
    assert before.exit_code == 1  # the names block it
    assert cli(db, "check", "dismiss", *(h["hit"] for h in found)).exit_code == 0
    assert cli(db, "check").exit_code == 0
    for export in EXPORTS:
        r = cli(db, *export[:-1], db.parent / export[-1])
        assert r.exit_code == 0, f"{' '.join(export[:2])} raised a dismissed hit again: {r.stderr}"


def test_the_same_text_in_two_projects_gives_different_ids(tmp_path):
    a, b = make(tmp_path, "a"), make(tmp_path, "b")
    ha = {(h["where"], h["matched"]): h["hit"] for h in hits(a)}
    hb = {(h["where"], h["matched"]): h["hit"] for h in hits(b)}
    assert ha.keys() == hb.keys() and ha
    assert not set(ha.values()) & set(hb.values())


def _stored_hex(db: Path) -> set[str]:
    """Every hexadecimal run of 8+ digits anywhere in the project's tables."""
    conn = sqlite.connect(str(db))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sources_fts%'")]
        out: set[str] = set()
        for t in tables:
            for row in conn.execute(f'SELECT * FROM "{t}"'):
                for v in row:
                    out.update(m.lower() for m in re.findall(r"[0-9a-fA-F]{8,}", str(v)))
        return out
    finally:
        conn.close()


def _guesses(text_len: int) -> set[str]:
    """Digests an attacker would try: plain hashes of each candidate in many
    shapes, the old fingerprint shape (participant|excerpt|kind|name) and the
    new one without the secret (hit, place, offset, kind, name)."""
    out: set[str] = set()
    kinds = ["person", "place", "other", "school"]
    pids = ["VoS-AL-04", "VoS-AL-05", ""]
    for c in CANDIDATES:
        forms = {c, fold(c), c.lower()}
        for f in forms:
            for algo in (hashlib.sha256, hashlib.sha1, hashlib.md5):
                out.add(algo(f.encode()).hexdigest())
            for pid, eid, kind in itertools.product(pids, ["", *map(str, range(1, 8))], kinds):
                out.add(hashlib.sha256(f"{pid}|{eid}|{kind}|{f}".encode()).hexdigest())
            for place, off, kind in itertools.product(("source 1", "source 2"), range(text_len), kinds[:2]):
                msg = "\x1f".join(("hit", place, str(off), kind, f))
                out.add(hashlib.sha256(msg.encode()).hexdigest())
    return out


def test_nothing_stored_can_be_brute_forced_back_to_a_name(tmp_path):
    db = make(tmp_path, "p")
    found = hits(db)
    cli(db, "check", "dismiss", found[-1]["hit"])  # disclosure_dismissed + an audit row
    ardita = next(h for h in found if h["matched"] == "Ardita")
    assert cli(db, "check", "fix", ardita["hit"]).exit_code == 0  # the fix record
    r = cli(db, "export", "quotes", "--out", db.parent / "q.md", "--allow-flagged")
    assert r.exit_code == 0  # the export.override row
    with Project.open(db) as p:
        actions = {a.action for a in p.audit_log()}
    assert {"check.dismiss", "redact", "export.override"} <= actions
    stored = _stored_hex(db)
    assert any(len(s) == 16 for s in stored)  # the ids are there to attack
    guesses = _guesses(len(TEXT_04))
    prefixes = {n: {g[:n] for g in guesses} for n in {len(s) for s in stored}}
    # the attack works on ids made the old way (a plain hash of participant, excerpt, kind, name)
    old = hashlib.sha256(b"VoS-AL-04|1|person|ardita").hexdigest()[:12]
    assert old in {g[:12] for g in guesses}
    recovered = {s for s in stored if s in prefixes[len(s)]}
    assert not recovered
