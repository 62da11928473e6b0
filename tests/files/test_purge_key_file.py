"""Withdrawal with --purge and the key file: exactly the participant's
entries go, the old bytes of the replaced key file are zeroed (a hard-linked
copy is left alone), a participant whose identifiers are listed but whose
mapping was never saved, a key file that cannot be read, and a purge that
stops after the rows and before the key file."""

from __future__ import annotations

import os

import pytest

from tests.cli.conftest import Cli
from tests.files.test_purge_everywhere import build_study
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


@pytest.fixture
def everywhere(tmp_path) -> Cli:
    """test_purge_everywhere's study: both participants' mappings saved."""
    return build_study(tmp_path)


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


def test_key_file_forget_removes_exactly_the_participants_entries(tmp_path):
    from vos_coder.privacy.keyfile import KeyFile

    key = KeyFile(tmp_path / "k.key")
    key.add("person", "Ardita Hoxha", "VoS-AL-05")
    key.add("person", "Ardita Hoxha", "VoS-AL-04")  # same person named by two participants
    key.add("place", "Lushnjë", "")
    key.remember("[NAME-1]", "Ardita", "VoS-AL-05")
    key.remember("[NAME-1]", "Arditës", "VoS-AL-04")
    key.remember("[NAME-1]", "Ardita", "VoS-AL-04")
    key.remember("[TOWN]", "Lushnjë", "VoS-AL-05")
    key.mapping["[NAME-1]"].append("Hoxha")  # saved by an older vos-coder: no owner known
    key.save()
    loaded = open_key(key.path)
    assert loaded.forget("VoS-AL-05") == {"identifiers": 1, "mapping entries": 1,
                                          "unattributed": 1}
    assert [(i.participant, i.value) for i in loaded.identifiers] == [
        ("VoS-AL-04", "Ardita Hoxha"), ("", "Lushnjë")]
    assert loaded.mapping == {"[NAME-1]": ["Ardita", "Arditës", "Hoxha"]}
    assert loaded.mapping_owners == {"[NAME-1]": {"Ardita": ["VoS-AL-04"],
                                                  "Arditës": ["VoS-AL-04"]}}
    loaded.save()
    assert b"VoS-AL-05" not in key.path.read_bytes()


# -- the key file's old bytes -----------------------------------------------------------------
def test_the_replaced_key_file_is_overwritten_in_place_after_a_purge(everywhere, tmp_path):
    """The key file is rewritten by rename; its old inode (what a file-recovery
    tool would read) is zeroed before it is let go: read through a handle held
    on the old inode, the names are gone and only zeros are left."""
    key = tmp_path / "study.key"
    before = key.read_bytes()
    assert b"Ardita" in before
    fd = os.open(key, os.O_RDONLY)  # holds the old inode, as the disk holds its blocks
    try:
        inode = os.fstat(fd).st_ino
        everywhere("participants", "withdraw", "VoS-AL-05", "--purge")
        assert key.stat().st_ino != inode  # replaced by rename: a new file
        assert os.fstat(fd).st_nlink == 0  # the old one has no name any more
        old = os.pread(fd, len(before) + 64, 0)
    finally:
        os.close(fd)
    assert len(old) == len(before) and old == bytes(len(before))  # every byte zeroed
    for s in ("Ardita", "Hoxha", "Lushnj", "VoS-AL-05"):
        assert s.encode() not in old
    assert b"Teuta" in key.read_bytes() and b"Ardita" not in key.read_bytes()
    assert not list(tmp_path.glob("study.key.tmp"))


def test_a_hard_linked_copy_of_the_key_file_is_left_alone(everywhere, tmp_path):
    """A second name for the same bytes (a copy the lead made with ln) is not
    the tool's to wipe: the purge replaces study.key and leaves the copy."""
    key = tmp_path / "study.key"
    copy = tmp_path / "key-copy.key"
    os.link(key, copy)
    before = copy.read_bytes()
    everywhere("participants", "withdraw", "VoS-AL-05", "--purge")
    assert copy.read_bytes() == before and b"Ardita" not in key.read_bytes()
