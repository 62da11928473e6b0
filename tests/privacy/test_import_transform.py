"""The import transform across a whole import: which speaker labels are names,
what a pseudonymised transcript keeps (its timestamps), the counts the user
is told at the end, and what the key file holds afterwards."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli
from tests.privacy.conftest import write
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.privacy.keyfile import KeyFile, load_key
from vos_coder.privacy.transform import Pseudonymiser


@pytest.fixture
def key(tmp_path) -> KeyFile:
    k = KeyFile(tmp_path / "study.key")
    k.add("person", "Mirela Qosja", "VoS-AL-01")
    k.add("person", "Besnik Hoxha", "VoS-AL-02")
    k.add("place", "Lushnjë")
    k.save()
    return k


def _turns(text: str, *speakers: str, stamps: bool = False) -> ParsedSource:
    """``text`` split at blank lines, turn i spoken by speakers[i]."""
    turns, start = [], 0
    for n, (part, who) in enumerate(zip(text.split("\n\n"), speakers, strict=True), start=1):
        turns.append(Turn(n, who, start, start + len(part), f"00:0{n}:00.000" if stamps else None))
        start += len(part) + 2
    return ParsedSource(text, tuple(turns))


@pytest.mark.parametrize("label", ["VoS-AL-01", "Speaker 2", "Interviewer", "Nëna", "[NAME-1]"])
def test_a_speaker_label_that_names_no_one_stays_and_is_not_listed(key, label):
    parsed = _turns("Si ishe?\n\nMirë, faleminderit.", "Interviewer", label)
    t = Pseudonymiser(key)
    out = t("VoS-AL-01", parsed)
    assert [turn.speaker for turn in out.turns] == ["Interviewer", label]
    assert t.speakers_added == 0 and not t.key_changed
    assert [i.value for i in key.identifiers] == ["Mirela Qosja", "Besnik Hoxha", "Lushnjë"]


def test_another_participants_identifier_as_a_speaker_is_a_name(key):
    """Only the participant's own identifier is a role: VoS-AL-02 speaking in
    VoS-AL-01's transcript is someone the reader could look up."""
    t = Pseudonymiser(key)
    out = t("VoS-AL-01", _turns("Hello.\n\nHi.", "Interviewer", "VoS-AL-02"))
    assert out.turns[1].speaker != "VoS-AL-02"
    assert t.speakers_added == 1


def test_speaker_names_on_no_list_are_added_as_people_and_counted(key):
    parsed = _turns("A?\n\nB.\n\nC.", "Interviewer", "Drita", "Genta")
    t = Pseudonymiser(key)
    out = t("VoS-AL-01", parsed)
    assert t.speakers_added == 2 and t.key_changed
    added = [i for i in key.identifiers if i.value in ("Drita", "Genta")]
    assert [(i.kind, i.participant) for i in added] == [("person", "VoS-AL-01")] * 2
    assert [turn.speaker for turn in out.turns][1:] == [i.placeholder for i in added]


def test_timestamps_survive_pseudonymisation(key):
    parsed = _turns("Where?\n\nIn Lushnjë, with Mirela.", "Interviewer", "Participant", stamps=True)
    out = Pseudonymiser(key)("VoS-AL-01", parsed)
    assert out.text.endswith("In [TOWN], with [NAME-1].")
    assert [t.timestamp for t in out.turns] == ["00:01:00.000", "00:02:00.000"]
    assert out.text[out.turns[1].start:out.turns[1].end] == "In [TOWN], with [NAME-1]."


def test_counts_add_up_over_several_transcripts(key):
    """Two transcripts, each with one name replaced, one rejected and one
    ordinary word (besnik, loyal) kept: the totals are the sums."""
    text = "Participant: Mirela erdhi nga Lushnjë. Ai ishte besnik."
    t = Pseudonymiser(key, confirm=lambda pid, txt, ms: [m for m in ms if m.kind != "place"])
    for pid in ("VoS-AL-01", "VoS-AL-03"):
        out = t(pid, ParsedSource(text))
        assert out.text == "Participant: [NAME-1] erdhi nga Lushnjë. Ai ishte besnik."
    assert (t.replaced, t.rejected, t.advisory) == (2, 2, 2)
    assert t.by_kind == {"person": 2}


def test_the_import_line_gives_the_totals_and_a_saved_key_keeps_no_mapping_unasked(tmp_path, key):
    folder = tmp_path / "in"
    folder.mkdir()
    for pid in ("VoS-AL-01", "VoS-AL-03"):
        write(folder, f"{pid}.txt", f"Interviewer: Who, {pid}?\n\nParticipant: Mirela, and "
                                    "Besnik. Ai ishte besnik.\n\nGenta: Po.\n")
    cli = Cli(tmp_path / "p.db")
    cli("init")
    out = cli("import", folder, "--pseudonymise", "--key", key.path, input="2\n2\n").output
    assert "pseudonymised: 4 replacement(s), 2 rejected, 2 advisory kept" in out  # Genta twice
    again = load_key(key.path)  # saved, with the speaker Genta added, and nothing else
    assert [(i.value, i.participant) for i in again.identifiers][3:] == [("Genta", "VoS-AL-01")]
    assert again.mapping == {} and again.mapping_owners == {}


def test_a_saved_mapping_records_whose_text_it_came_from_and_goes_with_them(tmp_path, key):
    cli = Cli(tmp_path / "p.db")
    cli("init")
    path = write(tmp_path, "VoS-AL-01.txt", "Interviewer: Who?\n\nParticipant: Besniku më ndihmoi.\n")
    cli("import", path, "--pseudonymise", "--yes", "--save-mapping", "--key", key.path)
    saved = load_key(key.path)
    assert saved.mapping == {"[NAME-2]": ["Besniku"]}
    assert saved.mapping_owners == {"[NAME-2]": {"Besniku": ["VoS-AL-01"]}}
    cli("participants", "withdraw", "VoS-AL-01", "--purge", "--key", key.path)
    assert load_key(key.path).mapping == {}
