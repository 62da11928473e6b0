"""The purge path of the store checked row by row and message by message:
what ``purge_rows`` deletes and keeps, what it forgets in the audit log, the
group it drops, the copies it lists, and the cause a scrub that cannot finish
names. Written to kill planted faults (tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from vos_coder.errors import Unfinished
from vos_coder.store.engine import sqlite


class _Failing:
    """A connection whose WAL checkpoints (the scrub's first step) fail as
    SQLite says ``message``; everything else works."""

    def __init__(self, conn, message: str) -> None:
        self._conn, self.message = conn, message

    def execute(self, sql, *a, **k):
        if sql.upper().startswith("PRAGMA WAL_CHECKPOINT"):
            raise sqlite.OperationalError(self.message)
        return self._conn.execute(sql, *a, **k)

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.parametrize(("sqlite_says", "cause"), [
    ("database or disk is full", "the disk is full"),
    ("attempt to write a readonly database", "the file cannot be written"),
    ("unable to write: read-only file system", "the file cannot be written"),
    ("database is locked", "another program holds the file"),
    ("database table is busy", "another program holds the file"),
    ("disk I/O error", "disk I/O error"),
])
def test_a_scrub_that_cannot_finish_names_the_cause(coded, sqlite_says, cause):
    real = coded.db.conn
    coded.db.conn = _Failing(real, sqlite_says)
    try:
        with pytest.raises(Unfinished) as e:
            coded.purge("VoS-AL-04")
    finally:
        coded.db.conn = real
    assert coded.participant("VoS-AL-04").consent == "withdrawn"
    assert coded.sources(include_withdrawn=True)[0].participant == "VoS-AL-05"
    assert str(e.value) == (
        "VoS-AL-04 is withdrawn and their text, codings, memos and attributes are deleted from "
        f"the project, but the file is not scrubbed yet ({cause}), so copies of the removed text "
        f"may remain in {coded.path}, its search index or its -wal file; fix that and run the "
        "same command again to finish: vos-coder participants withdraw VoS-AL-04 --purge")


def _exported(p, action: str, **details) -> None:
    with p.transaction():
        p.audit(action, **details)


def test_copies_of_a_participant_never_withdrawn_are_listed(coded, tmp_path):
    """Purged straight away, without a withdrawal first: every export since
    they came in held their words."""
    _exported(coded, "export.quotes", file="a.docx", path=str(tmp_path / "a.docx"))
    _exported(coded, "export.codebook", file="codebook.csv", format="taguette-csv")  # no one's words
    _exported(coded, "export.override", what="quote export", hits=1)  # a decision, not a file
    _exported(coded, "export.qdc", file="codebook.qdc")
    _exported(coded, "export.codings", file="c.csv", path=str(tmp_path / "c.csv"))
    _exported(coded, "export.matrix", file="old.csv")  # an old row: the file name only
    _exported(coded, "backup", file="b.db", path=str(tmp_path / "b.db"))
    copies = coded.copies_made_while_in("VoS-AL-04")
    assert [(c["what"], c["path"], c["folder_known"]) for c in copies] == [
        ("export quotes", str(tmp_path / "a.docx"), True),
        ("export codings", str(tmp_path / "c.csv"), True),
        ("export matrix", "old.csv", False),
        ("backup", str(tmp_path / "b.db"), True)]
    at = {r.details.get("file"): r.at for r in coded.audit_log()}
    assert [c["at"] for c in copies] == [at["a.docx"], at["c.csv"], at["old.csv"], at["b.db"]]


def test_a_damaged_audit_row_does_not_hide_the_other_copies(coded, tmp_path):
    _exported(coded, "export.quotes", file="a.docx", path=str(tmp_path / "a.docx"))
    with coded.transaction():
        coded.db.execute("INSERT INTO audit_log(at, actor, action, details) VALUES "
                         "('2026-01-01T00:00:00', 'x', 'export.csv', 'not json')")
    coded.db.execute("UPDATE audit_log SET at = (SELECT max(at) FROM audit_log) WHERE details = 'not json'")
    _exported(coded, "backup", path=str(tmp_path / "b.db"))
    assert [c["path"] for c in coded.copies_made_while_in("VoS-AL-04")] == [
        str(tmp_path / "a.docx"), str(tmp_path / "b.db")]


def test_damaged_audit_rows_do_not_stop_the_file_names_going(coded):
    """Rows the log cannot read (not JSON, or JSON that is not an object)
    are left alone, and the file names in the rows after them still go."""
    first, second = (r[0] for r in coded.db.execute("SELECT id FROM audit_log ORDER BY id LIMIT 2"))
    with coded.transaction():
        coded.db.execute("UPDATE audit_log SET details = 'not json' WHERE id = ?", [first])
        coded.db.execute("UPDATE audit_log SET details = '[1, 2]' WHERE id = ?", [second])
    counts = coded.purge_rows("VoS-AL-04")
    assert counts["audit rows cleaned"] == 1
    imports = {r.details["participant"]: r.details for r in coded.audit_log("import")}
    assert "file" not in imports["VoS-AL-04"] and imports["VoS-AL-04"]["characters"] > 0
    assert imports["VoS-AL-05"]["file"] == "VoS-AL-05.txt"  # the other participant's stays
    assert [r[0] for r in coded.db.execute("SELECT details FROM audit_log WHERE id IN (?, ?) "
                                           "ORDER BY id", [first, second])] == ["not json", "[1, 2]"]


def test_a_group_goes_only_with_its_last_member(coded):
    """A group named for someone goes with its last member; a group that
    others are still in stays, and so does a standard group. The tombstone of
    a purged member does not keep the group (and its name) alive."""
    coded.set_participant_group("VoS-AL-04", "Ardita's class")
    coded.set_participant_group("VoS-AL-05", "Ardita's class")
    coded.ensure_participant("VoS-AL-06", "Teuta's circle")
    assert coded.purge_rows("VoS-AL-04")["groups"] == 0
    assert coded.participant("VoS-AL-05").group == "Ardita's class"
    assert coded.participant("VoS-AL-04").group == "withdrawn"
    assert coded.purge_rows("VoS-AL-05")["groups"] == 1
    assert "Ardita's class" not in {r[0] for r in coded.db.execute("SELECT name FROM groups")}
    counts = coded.purge_rows("VoS-AL-06")
    assert counts["groups"] == 1
    assert coded.participant("VoS-AL-06").group == "withdrawn"
    assert coded.audit_log("participant.purge")[-1].details == {"participant": "VoS-AL-06", "groups": 1}
    groups = {r[0] for r in coded.db.execute("SELECT name FROM groups")}
    assert "Teuta's circle" not in groups and {"withdrawn", "survivor"} <= groups
    coded.ensure_participant("VoS-AL-07", "survivor")
    assert coded.purge_rows("VoS-AL-07")["groups"] == 0
    assert coded.participant("VoS-AL-07").group == "survivor"


def test_a_participant_with_two_transcripts_loses_both(coded, tmp_path):
    from tests.privacy.conftest import write
    from vos_coder.ingest import import_file

    second = import_file(coded, write(tmp_path, "Ardita second talk.txt",
                                      "Participant: the zebraquartz bus came late.\n"),
                         participant="VoS-AL-04")
    coded.code(second, 13, 24, coded.themes()[1].path, "tester")
    counts = coded.purge_rows("VoS-AL-04")
    assert (counts["sources"], counts["excerpts"], counts["codings"]) == (2, 5, 5)
    assert counts["audit rows cleaned"] == 2  # both imports forget their file names
    assert not [r for r in coded.audit_log("import") if "Ardita" in str(r.details)]
    assert [s.participant for s in coded.sources(include_withdrawn=True)] == ["VoS-AL-05"]
    assert coded.q1("SELECT count(*) FROM excerpts") == 1


def test_a_damaged_undo_entry_does_not_stop_the_others_going(coded):
    """Their undo history holds their words (the codings' places); an entry
    that cannot be read is left, and their entries after it still go."""
    first = coded.q1("SELECT min(id) FROM history")
    with coded.transaction():
        coded.db.execute("UPDATE history SET payload = 'not json' WHERE id = ?", [first])
    assert coded.purge_rows("VoS-AL-04")["history"] == 3
    assert coded.q1("SELECT payload FROM history ORDER BY id LIMIT 1") == "not json"
    assert coded.q1("SELECT count(*) FROM history") == 2


def test_a_correction_whose_scrub_cannot_finish_says_the_change_is_saved(coded):
    source = coded.source("VoS-AL-04").id
    start = coded.source_text(source).index("Lushnjë")
    real = coded.db.conn
    coded.db.conn = _Failing(real, "database is locked")
    try:
        with pytest.raises(Unfinished) as e:
            coded.edit_source_text(source, [(start, start + 7, "[town]")])
    finally:
        coded.db.conn = real
    assert str(e.value) == (
        "the change is saved, but the file is not scrubbed yet (another program holds the file), "
        f"so copies of the removed text may remain in {coded.path}, its search index or its -wal "
        "file; fix that and a later purge or redaction finishes it")
    assert "[town]" in coded.source_text(source)


def test_a_purge_while_another_program_reads_the_file_says_so(coded):
    """A reader holding the file keeps the old pages in the -wal: the purge
    is done, but the scrub cannot empty the -wal and says who holds it."""
    coded.db.conn.execute("PRAGMA busy_timeout = 0")  # fail at once instead of waiting for the reader
    reader = sqlite.connect(str(coded.path), isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
        with pytest.raises(Unfinished) as e:
            coded.purge("VoS-AL-04")
    finally:
        reader.close()
    assert str(e.value) == (
        "VoS-AL-04 is withdrawn and their text, codings, memos and attributes are deleted from "
        f"the project, but {coded.path} is open in another program, so copies of the removed "
        "text may remain in its -wal file; close it and run the same command again to finish: "
        "vos-coder participants withdraw VoS-AL-04 --purge")
    coded.purge("VoS-AL-04")  # the reader gone, the same call finishes
    assert coded.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone() == (0, 0, 0)
