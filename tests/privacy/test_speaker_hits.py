"""A speaker label that is a name on no list is a hit of its own kind, with
the place, offset, suggestion and reason a researcher reads in `check`; a
listed name, a role or the participant's own identifier is not taken for one.
Written to kill planted faults (tests/MUTATION.md)."""

from __future__ import annotations

from pathlib import Path

from vos_coder.privacy.disclosure import Checked, check_texts, fingerprint
from vos_coder.privacy.keyfile import KeyFile


def _label(text: str, pid: str = "VoS-AL-07") -> Checked:
    return Checked(pid, None, "source 1 turn 2 speaker", text, place="source 1 turn 2 speaker",
                   offset=41, speaker=True)


def test_an_unlisted_speaker_name_is_a_hit_with_what_check_shows(tmp_path):
    key = KeyFile(Path(tmp_path / "k.key"))
    [hit] = check_texts([_label("Serafina")], key)
    assert (hit.participant, hit.where, hit.matched, hit.kind, hit.score, hit.how, hit.suggestion,
            hit.place, hit.offset, hit.advisory, hit.dismissed) == (
        "VoS-AL-07", "source 1 turn 2 speaker", "Serafina", "speaker name", 100.0,
        "speaker label, on no list", "[NAME]", "source 1 turn 2 speaker", 41, False, False)
    assert hit.fingerprint == fingerprint(key, "source 1 turn 2 speaker", 41, "speaker name", "Serafina")
    row = hit.as_dict()  # what `check --format json` prints
    assert (row["kind"], row["how"], row["offset"], row["fingerprint"]) == (
        "speaker name", "speaker label, on no list", 41, hit.fingerprint)


def test_a_listed_speaker_name_keeps_its_listed_kind(tmp_path):
    key = KeyFile(Path(tmp_path / "k.key"))
    key.add("person", "Serafina")
    [hit] = check_texts([_label("Serafina")], key)
    assert (hit.kind, hit.how) == ("person", "exact")


def test_roles_and_the_participants_own_identifier_are_no_names(tmp_path):
    key = KeyFile(Path(tmp_path / "k.key"))
    assert check_texts([_label("Interviewer"), _label("Speaker 2"), _label("VoS-AL-07")], key) == []
    assert [h.matched for h in check_texts([_label("VoS-AL-07", pid="VoS-AL-03")], key)] == ["VoS-AL-07"]
