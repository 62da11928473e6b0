"""The key file of real names, as a lead meets it: which placeholder each
identifier gets, what is refused and with which line, where the file is
looked for, how it is written (owner-only, atomically, the old bytes zeroed,
sealed for an encrypted project) and read back, and how a damaged or missing
one is refused. Real files in a temporary folder; fictional names only."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE
from vos_coder.errors import InvalidInput, ProjectError
from vos_coder.privacy.keyfile import (
    KEY_ENV,
    Identifier,
    KeyFile,
    KeyMissing,
    beside,
    create_key,
    default_key_path,
    keyed_id,
    load_key,
    missing_key_message,
    open_key,
    read_key_bytes,
    require_key,
    resolve_key_path,
    write_key_bytes,
)
from vos_coder.store import crypto


@pytest.fixture
def cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", 10)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, TEST_PASSPHRASE)


@pytest.fixture(autouse=True)
def no_key_env(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- placeholders and what is listed ------------------------------------------------------------
def test_each_kind_gets_its_placeholder_and_the_same_name_keeps_it(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    got = [key.add(kind, value).placeholder for kind, value in [
        ("person", "Orla Brennick"), ("person", "Senan Tully"), ("place", "Brisvale"),
        ("place", "Corrib"), ("place", "Dunmore"), ("school", "Saint Ita's"),
        ("school", "Glenview"), ("organisation", "Harbour Trust"), ("other", "BX-4471"),
        ("other", "blue bicycle")]]
    assert got == ["[NAME-1]", "[NAME-2]", "[TOWN]", "[TOWN-2]", "[TOWN-3]", "[SCHOOL]",
                   "[SCHOOL-2]", "[ORGANISATION]", "[REDACTED]", "[REDACTED-2]"]
    # the same person named in another participant's list, in other capitals: the same placeholder
    again = key.add("person", "ORLA brennick", "VoS-AL-03")
    assert again.placeholder == "[NAME-1]" and again.participant == "VoS-AL-03"
    # the same word as another kind is another identifier
    assert key.add("place", "Senan Tully").placeholder == "[TOWN-4]"
    assert key.placeholder_for("person", "senan TULLY") == "[NAME-2]"
    assert key.placeholder_for("person", "Nobody Yet") == "[NAME-3]"


def test_a_chosen_replacement_is_kept_and_numbering_steps_over_it(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    assert key.add("person", "Orla Brennick", replacement="  [NAME-1] ").placeholder == "[NAME-1]"
    assert key.add("place", "Corrib", replacement="[TOWN]").placeholder == "[TOWN]"
    assert key.add("place", "Brisvale", replacement="   ").placeholder == "[TOWN-2]"
    assert key.add("person", "Senan Tully", replacement=None).placeholder == "[NAME-2]"
    key.add("person", "Aoife Marr", replacement="[NAME-4]")
    assert key.add("person", "Cian Dole").placeholder == "[NAME-3]"
    assert key.add("person", "Ruan Pell").placeholder == "[NAME-5]"


def test_a_value_is_stored_tidied_and_a_duplicate_is_not_added_twice(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    decomposed = unicodedata.normalize("NFD", "Lushnjë")
    first = key.add("  Place ", f"  {decomposed}\n\t town ", " VoS-AL-03 ")
    assert first == Identifier("VoS-AL-03", "place", "Lushnjë town", "[TOWN]")
    # the same (participant, kind, value up to case and spacing) returns the entry already there
    assert key.add("place", "LUSHNJË   TOWN", "VoS-AL-03") is first
    assert key.add("place", "ab", "VoS-AL-03").value == "ab"  # two characters are enough
    assert len(key.identifiers) == 2


@pytest.mark.parametrize("kind, value, line", [
    ("friend", "Orla", ("unknown identifier kind 'friend'; choose one of person, place, school, "
                       "organisation, other")),
    ("person", " O ", "an identifier needs at least 2 characters"),
    ("person", "", "an identifier needs at least 2 characters"),
])
def test_a_bad_identifier_is_refused_by_one_line_and_nothing_is_added(tmp_path, kind, value, line):
    key = KeyFile(tmp_path / "k.key")
    with pytest.raises(InvalidInput) as refused:
        key.add(kind, value)
    assert refused.value.message == line
    assert key.identifiers == []


def test_a_participant_s_list_is_theirs_plus_the_project_wide_one(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("place", "Brisvale")
    key.add("person", "Orla Brennick", "VoS-AL-03")
    key.add("person", "Senan Tully", "VoS-AL-04")
    assert [i.value for i in key.for_participant("VoS-AL-03")] == ["Brisvale", "Orla Brennick"]
    assert [i.value for i in key.for_participant("VoS-AL-09")] == ["Brisvale"]
    everyone = key.for_participant()
    assert [i.value for i in everyone] == ["Brisvale", "Orla Brennick", "Senan Tully"]
    everyone.clear()  # a copy: the caller cannot empty the list
    assert len(key.identifiers) == 3


def test_the_mapping_remembers_each_original_once_and_whose_text_it_was_in(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.remember("[NAME-1]", "Orla", "VoS-AL-03")
    key.remember("[NAME-1]", "Orla", "VoS-AL-03")
    key.remember("[NAME-1]", "Orla", "VoS-AL-04")
    key.remember("[NAME-1]", "Orlas", "")
    key.remember("[TOWN]", "Brisvale")
    assert key.mapping == {"[NAME-1]": ["Orla", "Orlas"], "[TOWN]": ["Brisvale"]}
    assert key.mapping_owners == {"[NAME-1]": {"Orla": ["VoS-AL-03", "VoS-AL-04"]}}


def test_forgetting_a_participant_removes_their_names_and_only_theirs(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("person", "Orla Brennick", "VoS-AL-03")   # [NAME-1], only theirs
    key.add("person", "Senan Tully", "VoS-AL-04")     # [NAME-2]
    key.add("place", "Brisvale")                      # [TOWN], project-wide
    key.remember("[NAME-1]", "Orla", "VoS-AL-03")
    key.remember("[NAME-2]", "Senan", "VoS-AL-03")
    key.remember("[NAME-2]", "Senan", "VoS-AL-04")
    key.mapping["[NAME-1]"].append("Brennick")  # older file: whose is not known, but [NAME-1] was theirs
    key.mapping["[TOWN]"] = ["Brisvale"]        # older file, shared placeholder: kept, counted
    assert key.forget("VoS-AL-03") == {"identifiers": 1, "mapping entries": 2, "unattributed": 1}
    assert [i.value for i in key.identifiers] == ["Senan Tully", "Brisvale"]
    assert key.mapping == {"[NAME-2]": ["Senan"], "[TOWN]": ["Brisvale"]}
    assert key.mapping_owners == {"[NAME-2]": {"Senan": ["VoS-AL-04"]}}
    assert key.forget("VoS-AL-04") == {"identifiers": 1, "mapping entries": 1, "unattributed": 1}
    assert key.mapping == {"[TOWN]": ["Brisvale"]} and key.mapping_owners == {}
    assert key.forget("VoS-AL-99") == {"identifiers": 0, "mapping entries": 0, "unattributed": 1}


def test_forgetting_counts_every_entry_removed_and_kept(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("person", "Orla Brennick", "VoS-AL-03")   # [NAME-1], only theirs
    key.add("person", "Senan Tully")                  # [NAME-2], project-wide
    key.mapping["[NAME-1]"] = ["Orla", "Brennick", "O. B."]  # older file: no owners known
    key.mapping["[NAME-2]"] = ["Senan", "Tully"]             # older file, shared: kept
    for original in ("Orlagh", "Brenn"):
        key.remember("[NAME-3]", original, "VoS-AL-03")
    key.remember("[NAME-3]", "Breen", "VoS-AL-04")
    assert key.forget("VoS-AL-03") == {"identifiers": 1, "mapping entries": 5, "unattributed": 2}
    assert key.mapping == {"[NAME-2]": ["Senan", "Tully"], "[NAME-3]": ["Breen"]}
    assert key.mapping_owners == {"[NAME-3]": {"Breen": ["VoS-AL-04"]}}


# -- ids under the key's secret -----------------------------------------------------------------
def test_a_keyed_id_is_the_hmac_of_the_parts_under_the_secret(tmp_path):
    secret = "ab" * 32
    want = hmac.new(bytes.fromhex(secret), b"hit\x1f\x1fsource 3\x1f12", hashlib.sha256).hexdigest()
    assert keyed_id(secret, "hit", None, "source 3", 12) == want[:16]
    assert keyed_id(secret, "hit", None, "source 3", 12, length=40) == want[:40]
    key = KeyFile(tmp_path / "k.key", secret=secret)
    assert key.keyed_id("hit", None, "source 3", 12) == want[:16]
    assert key.keyed_id("hit", None, "source 3", 12, length=8) == want[:8]
    # a new key file's secret is 32 random bytes, different each time
    a, b = KeyFile(tmp_path / "a.key").secret, KeyFile(tmp_path / "b.key").secret
    assert len(bytes.fromhex(a)) == 32 and a != b


# -- where the key file is looked for -----------------------------------------------------------
def test_the_key_file_is_looked_for_by_flag_then_environment_then_beside_the_project(tmp_path, monkeypatch):
    db = tmp_path / "study.db"
    assert beside(db) == tmp_path / "study.key"
    assert beside(tmp_path / "study") == tmp_path / "study.key"
    assert beside(tmp_path / "study.v2.db") == tmp_path / "study.v2.key"
    assert beside(str(tmp_path / "study")) == tmp_path / "study.key"
    assert default_key_path(db) == tmp_path / "study.key"
    assert resolve_key_path(db) == tmp_path / "study.key"
    monkeypatch.setenv(KEY_ENV, "")
    assert default_key_path(db) == tmp_path / "study.key"
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "env.key"))
    assert default_key_path(db) == tmp_path / "env.key"
    assert resolve_key_path(str(db)) == tmp_path / "env.key"
    assert resolve_key_path(db, str(tmp_path / "flag.key")) == tmp_path / "flag.key"


def test_a_missing_key_file_is_refused_naming_where_it_was_looked_for(tmp_path):
    db = tmp_path / "study.db"
    with pytest.raises(KeyMissing) as missing:
        require_key(db)
    assert missing.value.message == (
        f"no identifier list: the key file {tmp_path / 'study.key'} does not exist; point to it "
        f"with --key PATH or the environment variable VOS_CODER_KEY")
    assert missing.value.exit_code == 3
    assert missing_key_message(Path("x.key")) == (
        "no identifier list: the key file x.key does not exist; point to it with --key PATH or "
        "the environment variable VOS_CODER_KEY")
    (tmp_path / "study.key").mkdir()  # a folder of that name is no key file either
    with pytest.raises(KeyMissing, match="does not exist"):
        require_key(db)
    with pytest.raises(KeyMissing) as absent:
        load_key(tmp_path / "other.key", must_exist=True)
    assert absent.value.message == (
        f"no key file at {tmp_path / 'other.key'}; add identifiers with: "
        f"vos-coder identifiers add --key {tmp_path / 'other.key'} ...")
    assert load_key(tmp_path / "other.key") is None


def test_require_key_reads_the_file_it_finds(tmp_path):
    key = KeyFile(tmp_path / "flag.key")
    key.add("person", "Orla Brennick")
    key.save()
    found = require_key(tmp_path / "study.db", tmp_path / "flag.key")
    assert found.identifiers == key.identifiers and found.secret == key.secret


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


# -- a CSV of identifiers -----------------------------------------------------------------------
def write_csv(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_a_csv_adds_its_rows_and_counts_only_the_new_ones(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    key.add("person", "Orla Brennick", "VoS-AL-03")
    csv_path = write_csv(tmp_path / "ids.csv",
                         "participant,kind,value,replacement\n"
                         "VoS-AL-03,person,orla brennick,\n"
                         "VoS-AL-04,person,Senan Tully,[SENAN]\n"
                         ",place,Brisvale,\n", bom=True)
    assert key.import_csv(csv_path) == 2
    assert key.identifiers[1:] == [Identifier("VoS-AL-04", "person", "Senan Tully", "[SENAN]"),
                                   Identifier("", "place", "Brisvale", "[TOWN]")]
    # the participant and replacement columns may be left out
    assert key.import_csv(write_csv(tmp_path / "two.csv", "kind,value\nschool,Glenview\n")) == 1
    assert key.identifiers[-1] == Identifier("", "school", "Glenview", "[SCHOOL]")


@pytest.mark.parametrize("text, line", [
    ("", "ids.csv: no rows; expected columns participant, kind, value"),
    ("participant,kind,value\n", "ids.csv: no rows; expected columns participant, kind, value"),
    ("participant,name\nVoS-AL-03,Orla\n",
     "ids.csv: missing column(s) kind, value; expected participant, kind, value[, replacement]"),
    ("participant,kind\nVoS-AL-03,person\n",
     "ids.csv: missing column(s) value; expected participant, kind, value[, replacement]"),
    ("kind,value\nperson,Orla Brennick\nperson,O\n",
     "ids.csv line 3: an identifier needs at least 2 characters"),
    ("kind,value\nperson,Orla Brennick\nfriend,Senan\n",
     ("ids.csv line 3: unknown identifier kind 'friend'; choose one of person, place, school, "
     "organisation, other")),
    ("value\nOrla Brennick\n",
     "ids.csv: missing column(s) kind; expected participant, kind, value[, replacement]"),
    ("kind,value\nperson\n", "ids.csv line 2: an identifier needs at least 2 characters"),
    ("value,kind\nOrla Brennick\n", ("ids.csv line 2: unknown identifier kind ''; choose one of "
                                     "person, place, school, organisation, other")),
])
def test_a_bad_csv_is_refused_by_one_line_and_adds_nothing(tmp_path, text, line):
    key = KeyFile(tmp_path / "k.key")
    key.add("place", "Brisvale")
    with pytest.raises(InvalidInput) as refused:
        key.import_csv(write_csv(tmp_path / "ids.csv", text))
    assert refused.value.message == line
    assert [i.value for i in key.identifiers] == ["Brisvale"]


def test_a_csv_that_cannot_be_read_is_one_line(tmp_path):
    key = KeyFile(tmp_path / "k.key")
    with pytest.raises(InvalidInput) as refused:
        key.import_csv(tmp_path / "none.csv")
    assert refused.value.message.startswith(f"cannot read {tmp_path / 'none.csv'}: [Errno 2] ")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kind,value\nplace,Lushnjë\n".encode("latin-1"))
    with pytest.raises(InvalidInput) as refused:
        key.import_csv(latin)
    assert refused.value.message.startswith(f"cannot read {latin}: 'utf-8' codec can't decode")
    assert key.identifiers == []
