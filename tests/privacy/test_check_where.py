"""The check says where each hit is, for every field that can leave the
project, and whose it is: the rows a lead reads in `vos-coder check` (the
"where", "participant" and "place" columns; the place and offset key the
hit's id). Uses the fictional project of tests/adversary/test_what_leaves.py,
one made-up word in each field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversary.test_what_leaves import FIELDS, build
from vos_coder.privacy.disclosure import check_project
from vos_coder.privacy.keyfile import KeyFile
from vos_coder.store import Project

# word -> (participant, where, place, offset)
EXPECTED = {
    # a coded passage lives in its source: one hit, named after its quote
    "Marrowby": ("VoS-AL-04", "Q-001 text (source 1 49:120)", "source 1", 94),
    "KLODIAN": ("VoS-AL-04", "Q-002 display text", "quote 2 display text", 27),
    "Quillfen": ("VoS-AL-04", "source 1 (VoS-AL-04) text", "source 1", 305),
    "Kestrelford": ("VoS-AL-04", "source 1 title", "source 1 title", 0),
    "Lindqvale": ("VoS-AL-04", "source 1 file name", "source 1 file name", 0),
    "Fennick": ("Fennick", "participant identifier", "participant Fennick identifier", 0),
    "Ivybridge": ("", "attribute name #1", "attribute Ivybridge name", 0),
    "Jasperholm": ("VoS-AL-04", "attribute value of VoS-AL-04",
                   "participant VoS-AL-04 attribute town value Jasperholm", 0),
    "Tessaly": ("VoS-AL-04", "excerpt memo 1", "memo 1", 0),
    "Orvindel": ("", "theme memo 2", "memo 2", 0),
    "Brambleton": ("", "theme 2 name", "theme 2 name", 0),
    "Cobbleworth": ("", "theme 2 description", "theme 2 description", 0),
    "Dunsparrow": ("", "theme 2 inclusion", "theme 2 inclusion", 0),
    "Eldermire": ("", "theme 2 exclusion", "theme 2 exclusion", 0),
    "Hollowmere": ("", "group label", "group frontline worker label", 2),
    "Gorsewick": ("", "group name", "group Gorsewick name", 0),
    "Mistlecombe": ("", "study name", "setting study", 0),
    "Nettlefold": ("", "codebook name", "setting codebook_name", 0),
    "Pellinore": ("", "coder name", "coder Pellinore", 0),
}
SPEAKER_TURNS = [2, 4, 6]  # Wexley speaks every participant turn of source 1


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    d = tmp_path_factory.mktemp("where")
    build(d / "p.db")
    key = KeyFile(Path(d / "k.key"))
    for word in FIELDS.values():
        key.add("person", word)
    p = Project.open(d / "p.db")
    yield p, key
    p.close()


def rows(hits):
    return {h.matched: (h.participant, h.where, h.place, h.offset) for h in hits
            if h.matched != "Wexley"}


def test_every_field_is_checked_and_says_where_it_is_and_whose(planted):
    p, key = planted
    hits = check_project(p, key)
    assert rows(hits) == EXPECTED
    assert [(h.participant, h.where, h.place) for h in hits if h.matched == "Wexley"] == [
        ("VoS-AL-04", f"source 1 turn {n} speaker", f"source 1 turn {n} speaker") for n in SPEAKER_TURNS]
    assert len({h.fingerprint for h in hits}) == len(hits)
    # every planted word is found ("Klodian" as the display text writes it: [KLODIAN])
    assert set(FIELDS.values()) - {h.matched for h in hits} == {"Klodian"}


def test_one_participant_s_check_covers_only_their_texts(planted):
    p, key = planted
    assert rows(check_project(p, key, participant="Fennick")) == {"Fennick": EXPECTED["Fennick"]}
    mine = rows(check_project(p, key, participant="VoS-AL-04"))
    assert mine == {w: EXPECTED[w] for w in ("Marrowby", "KLODIAN", "Quillfen", "Kestrelford",
                                             "Lindqvale", "Jasperholm", "Tessaly")} | {
        "Ivybridge": EXPECTED["Ivybridge"]}


def test_one_theme_s_check_covers_only_its_passages(planted):
    p, key = planted
    assert rows(check_project(p, key, theme="Support services/Brambleton")) == {
        w: EXPECTED[w] for w in ("Marrowby", "KLODIAN")}
