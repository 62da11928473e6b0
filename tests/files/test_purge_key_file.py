"""Withdrawal with --purge and the key file: a participant whose identifiers
are listed but whose mapping was never saved, a key file that cannot be read,
and a purge that stops after the rows and before the key file."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli
from tests.privacy.conftest import write
from vos_coder.errors import Unfinished
from vos_coder.privacy.keyfile import open_key
from vos_coder.privacy.withdrawal import purge_participant
from vos_coder.store import Project

TEXT = "Interviewer: Who helped?\n\nParticipant: Teuta from the centre, every week.\n"


@pytest.fixture
def study(tmp_path) -> Cli:
    """VoS-AL-07 imported with --pseudonymise but without --save-mapping: the
    key file lists her identifiers and holds no mapping."""
    cli = Cli(tmp_path / "study.db")
    cli("init")
    cli("identifiers", "add", "Teuta Leka", "--kind", "person", "--participant", "VoS-AL-07")
    cli("identifiers", "add", "Fier", "--kind", "place", "--participant", "VoS-AL-08")
    cli("import", write(tmp_path, "VoS-AL-07.txt", TEXT), "--pseudonymise", "--yes")
    assert open_key(tmp_path / "study.key").mapping == {}
    return cli


def test_identifiers_without_a_mapping_are_removed_from_the_key_file(study, tmp_path):
    r = study("participants", "withdraw", "VoS-AL-07", "--purge")
    key = tmp_path / "study.key"
    assert f"key file {key}: 1 identifier(s) and 0 mapping entr(y/ies) removed" in r.stdout
    assert [(i.participant, i.value) for i in open_key(key).identifiers] == [("VoS-AL-08", "Fier")]
    assert b"Teuta" not in key.read_bytes()


def test_a_key_file_that_cannot_be_read_is_said_and_the_same_command_finishes(study, tmp_path):
    key = tmp_path / "study.key"
    good = key.read_bytes()
    key.write_bytes(b"{ not a key file")
    r = study("participants", "withdraw", "VoS-AL-07", "--purge", ok=False)
    assert r.exit_code != 0
    message = r.stderr.strip()
    assert message.startswith("Error: VoS-AL-07 is purged from the project, but their "
                              "identifiers are still in the key file: "), message
    assert message.endswith("run the same command again to finish: vos-coder participants "
                            "withdraw VoS-AL-07 --purge"), message
    assert "Traceback" not in r.output
    key.write_bytes(good)  # the lead restores the key file from where it was kept
    study("participants", "withdraw", "VoS-AL-07", "--purge")
    assert b"Teuta" not in key.read_bytes() and b"Fier" in key.read_bytes()


def test_a_scrub_that_stops_names_the_key_file_problem_too(study, tmp_path, monkeypatch):
    key = tmp_path / "study.key"
    key.write_bytes(b"{ not a key file")

    def stopped(self, pid):
        raise Unfinished(f"{pid}: rows deleted; free pages not yet overwritten")

    monkeypatch.setattr(Project, "scrub_after_purge", stopped)
    with Project.open(study.db) as p, pytest.raises(Unfinished) as caught:
        purge_participant(p, "VoS-AL-07", key)
    message = caught.value.message
    assert message.startswith("VoS-AL-07: rows deleted; free pages not yet overwritten. "
                              "The key file was not changed either: "), message
    assert len(message) > len("VoS-AL-07: rows deleted; free pages not yet overwritten. "
                              "The key file was not changed either: ") + 10
