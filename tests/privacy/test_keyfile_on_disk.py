"""The key file written and read back: owner-only, atomically, the old bytes
zeroed, sealed for an encrypted project; a damaged, unreadable or missing one
refused with one line. Real files in a temporary folder; fictional names only."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tests.conftest import TEST_PASSPHRASE
from tests.privacy.conftest import on_disk
from vos_coder.errors import ProjectError
from vos_coder.privacy.keyfile import (
    Identifier,
    KeyFile,
    KeyMissing,
    create_key,
    load_key,
    open_key,
    read_key_bytes,
    write_key_bytes,
)
from vos_coder.store import crypto


# -- written and read back ----------------------------------------------------------------------
def test_saved_owner_only_as_readable_json_and_read_back_whole(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("place", "Lushnjë", "VoS-AL-03")
    key.remember("[TOWN]", "Lushnjë", "VoS-AL-03")
    key.save()
    assert stat.S_IMODE(key.path.stat().st_mode) == 0o600
    raw = key.path.read_bytes()
    assert "Lushnjë".encode() in raw  # readable by the lead, not escaped
    assert len(raw.splitlines()) > 5  # one field a line, so it can be read and diffed
    assert on_disk(key.path) == {
        "format": "vos-coder-key", "version": 1, "secret": key.secret,
        "identifiers": [{"participant": "VoS-AL-03", "kind": "place", "value": "Lushnjë",
                         "placeholder": "[TOWN]"}],
        "mapping": {"[TOWN]": ["Lushnjë"]},
        "mapping_owners": {"[TOWN]": {"Lushnjë": ["VoS-AL-03"]}}}
    back = load_key(key.path)
    assert (back.identifiers, back.mapping, back.mapping_owners, back.secret, back.passphrase) == (
        key.identifiers, key.mapping, key.mapping_owners, key.secret, None)
    assert open_key(key.path).identifiers == key.identifiers
    assert list(tmp_path.iterdir()) == [key.path]  # no temporary file left
    # without a mapping saved, there is no owners field
    bare = KeyFile(tmp_path / "bare.key")
    bare.save()
    assert set(on_disk(bare.path)) == {"format", "version", "secret", "identifiers", "mapping"}


def test_a_new_project_gets_an_empty_key_file_and_an_earlier_one_is_kept(tmp_path):
    db = tmp_path / "study.db"
    assert create_key(db) == tmp_path / "study.key"
    made = on_disk(tmp_path / "study.key")
    assert made["identifiers"] == [] and len(bytes.fromhex(made["secret"])) == 32
    earlier = KeyFile(tmp_path / "study.key")
    earlier.add("person", "Orla Brennick")
    earlier.save()
    before = earlier.path.read_bytes()
    assert create_key(db) is None
    assert earlier.path.read_bytes() == before


def test_an_absent_key_file_opens_empty_and_is_not_written(tmp_path):
    key = open_key(tmp_path / "new.key", passphrase="a passphrase")
    assert key.identifiers == [] and key.passphrase == "a passphrase"
    assert not key.path.exists()


def test_a_key_file_from_before_secrets_gets_one_when_first_read(tmp_path):
    path = tmp_path / "old.key"
    path.write_text(json.dumps({"format": "vos-coder-key", "version": 1, "identifiers": [
        {"kind": "person", "value": "Orla Brennick", "placeholder": "[NAME-1]"}],
        "mapping": {"[NAME-1]": ["Orla"]}}), encoding="utf-8")
    key = load_key(path)
    assert key.identifiers == [Identifier("", "person", "Orla Brennick", "[NAME-1]")]
    assert key.mapping == {"[NAME-1]": ["Orla"]}
    assert len(bytes.fromhex(key.secret)) == 32
    assert on_disk(path)["secret"] == key.secret  # written at once, so ids stay the same
    assert load_key(path).secret == key.secret


@pytest.mark.parametrize("content, why", [
    (b"{not json", "Expecting property name"),
    (b"[]", "has no attribute 'get'"),
    (b'{"format": "something-else"}', "(not a vos-coder key file)"),
    (b'{"format": "vos-coder-key", "secret": "abcd"}', "(its secret is damaged)"),
    (b'{"format": "vos-coder-key", "secret": 12345}', "(its secret is damaged)"),
    (b'{"format": "vos-coder-key", "secret": "zz' + b"0" * 62 + b'"}', "non-hexadecimal"),
    (b'{"format": "vos-coder-key", "identifiers": [{"kind": "person", "value": "Orla"}]}',
     "'placeholder'"),
    (b'{"format": "vos-coder-key", "mapping": {"[NAME-1]": 5}}', "not iterable"),
    (b'{"format": "vos-coder-key", "mapping_owners": {"[NAME-1]": ["Orla"]}}', "has no attribute 'items'"),
    (b"\xff\xfe not text", "can't decode"),
])
def test_a_damaged_key_file_is_refused_as_unreadable_and_left_as_it_was(tmp_path, content, why):
    path = tmp_path / "bad.key"
    path.write_bytes(content)
    with pytest.raises(KeyMissing) as refused:
        load_key(path)
    assert refused.value.message.startswith(f"{path} is not a readable vos-coder key file (")
    assert why in refused.value.message and refused.value.message.endswith(")")
    assert path.read_bytes() == content


def test_a_sealed_key_file_from_before_secrets_stays_sealed_when_it_gets_one(tmp_path, cheap_kdf):
    path = tmp_path / "old.key"
    path.write_bytes(crypto.seal(json.dumps({
        "format": "vos-coder-key", "version": 1,
        "identifiers": [{"participant": "VoS-AL-03", "kind": "person", "value": "Orla Brennick",
                         "placeholder": "[NAME-1]"}],
        "mapping": {"[NAME-1]": ["Orla"]},
        "mapping_owners": {"[NAME-1]": {"Orla": ["VoS-AL-03"]}}}).encode(), TEST_PASSPHRASE))
    key = load_key(path)
    raw = path.read_bytes()
    assert crypto.is_sealed(raw) and b"Orla" not in raw  # not rewritten in the clear
    back = load_key(path)
    assert back.secret == key.secret and back.passphrase == TEST_PASSPHRASE
    assert back.mapping_owners == {"[NAME-1]": {"Orla": ["VoS-AL-03"]}}  # whose: kept


def test_a_wrong_passphrase_names_the_key_file(tmp_path, cheap_kdf, monkeypatch):
    path = create_key(tmp_path / "secret.db", passphrase=TEST_PASSPHRASE)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, "not the passphrase at all")
    with pytest.raises(ProjectError) as refused:
        load_key(path)
    assert refused.value.message == (
        f"the passphrase in VOS_CODER_PASSPHRASE does not open the key file {path}; "
        "nothing was changed")


def test_the_names_are_never_in_a_file_others_can_read_not_even_while_written(tmp_path, monkeypatch):
    modes = []
    real_fsync = os.fsync

    def fsync(fd):
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    old_umask = os.umask(0)  # the widest umask: the mode asked for is the mode given
    try:
        key = KeyFile(tmp_path / "k.key")
        key.add("person", "Orla Brennick")
        key.save()
        key.save()
    finally:
        os.umask(old_umask)
    assert modes and set(modes) == {0o600}
    assert stat.S_IMODE(key.path.stat().st_mode) == 0o600


def test_a_secret_of_sixteen_bytes_is_still_accepted(tmp_path):
    path = tmp_path / "short.key"
    path.write_text(json.dumps({"format": "vos-coder-key", "secret": "cd" * 16}), encoding="utf-8")
    assert load_key(path).secret == "cd" * 16


def test_a_key_file_that_cannot_be_read_says_why(tmp_path):
    (tmp_path / "dir.key").mkdir()
    with pytest.raises(KeyMissing) as refused:
        read_key_bytes(tmp_path / "dir.key")
    assert refused.value.message == f"cannot read the key file {tmp_path / 'dir.key'}: Is a directory"


def test_the_key_file_of_an_encrypted_project_is_sealed_and_opens_with_its_passphrase(tmp_path, cheap_kdf):
    path = create_key(tmp_path / "secret.db", passphrase=TEST_PASSPHRASE)
    key = load_key(path)
    assert key.passphrase == TEST_PASSPHRASE
    key.add("person", "Orla Brennick")
    key.save()
    raw = path.read_bytes()
    assert crypto.is_sealed(raw) and b"Orla" not in raw and b"vos-coder-key" not in raw
    data, passphrase = read_key_bytes(path)
    assert passphrase == TEST_PASSPHRASE and b"Orla Brennick" in data
    assert load_key(path).identifiers == key.identifiers


def test_a_write_that_fails_says_so_and_leaves_no_temporary_file(tmp_path):
    with pytest.raises(ProjectError) as refused:
        write_key_bytes(tmp_path / "missing" / "k.key", b"{}", None)
    assert refused.value.message == (
        f"cannot write the key file {tmp_path / 'missing' / 'k.key'}: No such file or directory")
    # the rename fails (a folder is in the way): the temporary copy is removed
    (tmp_path / "k.key").mkdir()
    (tmp_path / "k.key" / "inside").write_text("x")
    with pytest.raises(ProjectError, match=r"^cannot write the key file .*k\.key: "):
        write_key_bytes(tmp_path / "k.key", b"{}", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.key", "missing"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["k.key"]
    assert not (tmp_path / "k.key.tmp").exists()


def test_a_temporary_file_left_by_a_crash_does_not_stop_the_next_save(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    (tmp_path / "k.key.tmp").write_text("half a key file from a crash")
    key.add("person", "Orla Brennick")
    key.save()
    assert load_key(key.path).identifiers == key.identifiers
    assert not (tmp_path / "k.key.tmp").exists()


def test_the_replaced_key_file_s_bytes_are_zeroed_even_past_64_kib(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.identifiers = [Identifier("", "person", f"Orla Brennick {n:04d}", f"[NAME-{n}]")
                       for n in range(1500)]
    key.save()
    before = key.path.read_bytes()
    assert len(before) > 1 << 17  # two and more chunks of zeros
    fd = os.open(key.path, os.O_RDONLY)  # holds the old inode, as the disk holds its blocks
    try:
        key.identifiers = []
        key.save()
        assert os.fstat(fd).st_nlink == 0
        old = os.pread(fd, len(before) + 64, 0)
    finally:
        os.close(fd)
    assert old == bytes(len(before))
    assert b"Orla" not in key.path.read_bytes()


def test_a_hard_linked_copy_and_a_symlinked_target_are_left_as_they_were(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("person", "Orla Brennick")
    key.save()
    os.link(key.path, tmp_path / "copy.key")
    before = key.path.read_bytes()
    key.forget("")
    key.save()
    assert (tmp_path / "copy.key").read_bytes() == before
    # a key file that is a symlink: the link is replaced, the file it pointed to is not touched
    target = tmp_path / "elsewhere.key"
    target.write_bytes(before)
    link = tmp_path / "linked.key"
    link.symlink_to(target)
    KeyFile(link).save()
    assert target.read_bytes() == before and not link.is_symlink()


def test_an_empty_key_file_replaced_is_fine(tmp_path):
    path = tmp_path / "k.key"
    path.write_bytes(b"")
    KeyFile(path).save()
    assert on_disk(path)["format"] == "vos-coder-key"
