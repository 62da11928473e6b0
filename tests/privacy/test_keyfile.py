"""The key file of real names, as a lead meets it: which placeholder each
identifier gets, what is refused and with which line, where the file is
looked for, and a CSV of identifiers. How it is written and read back:
test_keyfile_on_disk.py. Real files in a temporary folder; fictional names
only."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from pathlib import Path

import pytest

from vos_coder.errors import InvalidInput
from vos_coder.privacy.keyfile import (
    KEY_ENV,
    Identifier,
    KeyFile,
    KeyMissing,
    beside,
    default_key_path,
    keyed_id,
    load_key,
    missing_key_message,
    require_key,
    resolve_key_path,
)


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
