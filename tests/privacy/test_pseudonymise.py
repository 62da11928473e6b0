"""Matching, placeholders, the import transform and the key file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.privacy.conftest import key_with, write
from vos_coder.core.model import ParsedSource, Turn
from vos_coder.errors import InvalidInput, ProjectError
from vos_coder.importers import read_source
from vos_coder.ingest import import_file
from vos_coder.privacy.keyfile import KeyFile, default_key_path, load_key, open_key
from vos_coder.privacy.pseudonymise import find_identifiers
from vos_coder.privacy.transform import Pseudonymiser, find_all, pseudonymise
from vos_coder.store.privacy import apply_edits


@pytest.fixture
def key(tmp_path) -> KeyFile:
    k = KeyFile(tmp_path / "p.key")
    k.add("person", "Ardita Hoxha", "VoS-AL-04")
    k.add("person", "Blerina Kastrati", "VoS-AL-05")
    k.add("place", "Lushnjë")
    k.add("school", "Shkolla Lef Nosi")
    return k


@pytest.mark.parametrize("form", [
    "Ardita Hoxha", "ardita hoxha", "ARDITA HOXHA", "Arditës", "Arditën", "Ardita's", "Ardtia",
    "Hoxhës", "Hoxha", "Lushnje", "LUSHNJË", "Lushnjës", "Lushnjën", "Lef Nosi", "Nosit",
    "Blerina Kastarti", "Bleirna", "Kastratit",
])
def test_every_variant_form_is_found(key, form):
    text = f"Later {form} told me about it."
    hits = find_identifiers(text, key.identifiers)
    assert hits, form
    assert hits[0].start == 6 and text[hits[0].end:].startswith((" told", "'s told"))


@pytest.mark.parametrize("clean", [
    "I felt hope again.", "She left early and marks were low.", "The school in town was new.",
    "Nobody knew what to do.", "We went to the market in the morning.",
])
def test_ordinary_words_are_not_identifiers(key, clean):
    assert find_all(clean, key) == []


def test_same_person_always_gets_the_same_placeholder(key):
    assert key.add("person", "ardita HOXHA", "VoS-AL-04").placeholder == "[NAME-1]"
    assert key.placeholder_for("person", "Ardita Hoxha") == "[NAME-1]"
    assert key.add("person", "Dorina Pepa").placeholder == "[NAME-3]"
    assert key.add("place", "Gramsh").placeholder == "[TOWN-2]"
    assert key.add("school", "Shkolla Ismail Qemali").placeholder == "[SCHOOL-2]"
    text = "Ardita met Blerina, then Arditës mother came."
    out = pseudonymise(ParsedSource(text), find_all(text, key)).text
    assert out == "[NAME-1] met [NAME-2], then [NAME-1] mother came."


def test_turn_offsets_are_recomputed_after_replacement(key):
    text = "Interviewer: Where?\n\nParticipant: In Lushnjë, with Ardita Hoxha, 069 123 4567.\n"
    t1 = Turn(1, "Interviewer", 0, text.index("\n"))
    t2 = Turn(2, "Participant", text.index("Participant"), len(text) - 1)
    out = pseudonymise(ParsedSource(text, (t1, t2)), find_all(text, key))
    assert out.text == ("Interviewer: Where?\n\nParticipant: In [TOWN], with [NAME-1], [PHONE].\n")
    a, b = out.turns
    assert out.text[a.start:a.end] == "Interviewer: Where?"
    assert out.text[b.start:b.end] == "Participant: In [TOWN], with [NAME-1], [PHONE]."


def test_offset_map_moves_starts_and_ends_around_replacements():
    new, moved = apply_edits("abc NAME def", [(4, 8, "[N-1]")])
    assert new == "abc [N-1] def"
    assert (moved.start(0), moved.end(3)) == (0, 3)
    assert (moved.start(4), moved.end(8)) == (4, 9)
    assert (moved.start(6), moved.end(6)) == (4, 9)  # inside: widen to the placeholder
    assert (moved.start(9), moved.end(12)) == (10, 13)


def test_import_with_the_transform_stores_no_variant(project, tmp_path, key):
    text = ("Interviewer: Who helped?\n\nParticipant: Arditës teacher in Lushnje, Shkolla Lef Nosi. "
            "Write to ardita.h@example.com or @ardita_h. Hoxhës family lives at Rruga e Kavajës 14.\n")
    path = write(tmp_path, "VoS-AL-04.txt", text)
    t = Pseudonymiser(key, save_mapping=True)
    sid = import_file(project, path, transform=t)
    stored = project.source_text(sid)
    for original in ("Ardit", "Lushnj", "Lef Nosi", "example.com", "@ardita", "Hoxh", "Kavaj"):
        assert original.lower() not in stored.lower(), original
    assert "[NAME-1] teacher in [TOWN], [SCHOOL]" in stored
    assert t.replaced == 7 and t.by_kind["person"] == 2
    assert "Arditës" in key.mapping["[NAME-1]"]
    turns = project.turns(sid)
    assert stored[turns[1].start:turns[1].end].startswith("Participant: [NAME-1] teacher")
    project.close()
    raw = b"".join(Path(f"{project.path}{s}").read_bytes() for s in ("", "-wal")
                   if os.path.exists(f"{project.path}{s}"))
    assert "Arditës".encode() not in raw and b"Lushnje" not in raw


def test_rejected_matches_are_kept(project, tmp_path, key):
    text = "Interviewer: Hello.\n\nParticipant: Lushnjë is where Ardita lives.\n"
    path = write(tmp_path, "VoS-AL-04.txt", text)
    t = Pseudonymiser(key, confirm=lambda pid, txt, ms: [m for m in ms if m.kind != "place"])
    sid = import_file(project, path, transform=t)
    assert project.source_text(sid).endswith("Participant: Lushnjë is where [NAME-1] lives.\n")
    assert (t.replaced, t.rejected) == (1, 1)


def test_key_file_is_private_and_round_trips(tmp_path, key):
    key.remember("[NAME-1]", "Arditës")
    key.save()
    assert stat.S_IMODE(os.stat(key.path).st_mode) == 0o600
    again = load_key(key.path)
    assert again.identifiers == key.identifiers and again.mapping == {"[NAME-1]": ["Arditës"]}
    assert json.loads(key.path.read_text("utf-8"))["format"] == "vos-coder-key"


def test_key_file_csv_import_is_all_or_nothing(tmp_path, key):
    good = tmp_path / "ids.csv"
    good.write_text("participant,kind,value,replacement\nVoS-AL-06,person,Dorina Pepa,\n"
                    ",place,Gramsh,[TOWN-9]\n", encoding="utf-8")
    assert key.import_csv(good) == 2
    assert key.identifiers[-1].placeholder == "[TOWN-9]"
    bad = tmp_path / "bad.csv"
    bad.write_text("participant,kind,value\n,person,Orkida Zeneli\n,planet,Mars\n", encoding="utf-8")
    n = len(key.identifiers)
    with pytest.raises(InvalidInput, match="line 3"):
        key.import_csv(bad)
    assert len(key.identifiers) == n
    missing = tmp_path / "missing.csv"
    missing.write_text("who,what\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing column"):
        key.import_csv(missing)


def test_key_path_defaults_and_env(tmp_path, monkeypatch):
    assert default_key_path(tmp_path / "study.db") == tmp_path / "study.key"
    monkeypatch.setenv("VOS_CODER_KEY", str(tmp_path / "elsewhere.key"))
    assert default_key_path(tmp_path / "study.db") == tmp_path / "elsewhere.key"
    assert load_key(tmp_path / "none.key") is None
    (tmp_path / "junk.key").write_text("{not json", encoding="utf-8")
    with pytest.raises(ProjectError):
        load_key(tmp_path / "junk.key")
    assert open_key(tmp_path / "new.key").identifiers == []


def test_importer_output_still_parses(tmp_path, key):
    path = write(tmp_path, "VoS-AL-04.txt", "Interviewer: Hi.\n\nParticipant: Ardita here.\n")
    parsed = read_source(path)
    out = Pseudonymiser(key)("VoS-AL-04", parsed)
    assert out.text.endswith("Participant: [NAME-1] here.\n")
    assert len(out.turns) == len(parsed.turns)


def _shown(text, key):
    """What `privacy check` shows of each hit: the text, how, score, advisory."""
    return [(text[m.start:m.end], m.how, m.score, m.advisory)
            for m in find_identifiers(text, key.identifiers)]


def test_a_case_number_written_without_its_hyphen_is_one_exact_hit(tmp_path):
    # every token of the listed number run together in one word of the text
    key = key_with(tmp_path, [("other", "KR-114")])
    assert _shown("Dosja KR114 u mbyll.", key) == [("KR114", "exact", 100.0, False)]


def test_an_address_with_a_house_number_is_found_whole_as_listed(tmp_path):
    # spaces between the words, a slash in the number: each gap by its own rule
    key = key_with(tmp_path, [("place", "Rruga e Lulishtes 12/3")])
    text = "Ajo jetonte te Rruga e Lulishtes 12/3 me nënën."
    assert _shown(text, key) == [("Rruga e Lulishtes 12/3", "exact", 100.0, False)]


def test_a_name_run_together_before_a_dash_is_found(tmp_path):
    # the window of two words reaches across the dash and is refused; one word is tried next
    key = key_with(tmp_path, [("person", "Ardita Hoxha")])
    assert _shown("E pashë ArditaHoxha — e tha vetë.", key) \
        == [("ArditaHoxha", "fuzzy", 100.0, False)]


def test_a_name_cut_by_two_punctuation_marks_keeps_both_marks(tmp_path):
    # three pieces, each its own start: the full stop and the comma stay in the text
    key = key_with(tmp_path, [("person", "Alketa Bregasi Dushku")])
    text = "Pyeta Alketa. Bregasi, Dushku; askush."
    assert _shown(text, key) == [("Alketa", "exact", 100.0, False), ("Bregasi", "exact", 100.0, False),
                                 ("Dushku", "exact", 100.0, False)]
