"""A hit's id, as a lead relies on it: one id per place and match, so that a
dismissal lifts exactly the hit it was made for, survives a change of
capitals, and stays valid in project files written by earlier versions; and
advisory hits are shown without blocking an export.

Fictional names only."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vos_coder.core.text import fold
from vos_coder.errors import DisclosureBlocked
from vos_coder.exporters.gate import pre_export
from vos_coder.privacy import outgoing
from vos_coder.privacy.disclosure import blocking, check_project, fingerprint, open_hits
from vos_coder.privacy.keyfile import KeyFile, default_key_path, load_key
from vos_coder.store import Project

SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "ids.db", codebook="empty")
    key = KeyFile(default_key_path(Path(p.path)))
    key.add("person", "Lirjeta Berisheku", "VoS-AL-41")
    key.add("person", "Zanfira Kolgjini", "VoS-AL-42")
    key.add("person", "Besnik Dervishaj", "VoS-AL-43")
    key.save()
    yield p
    p.close()


def memo_hits(p: Project):
    key = load_key(default_key_path(Path(p.path)))
    return [h for h in check_project(p, key) if "memo" in h.where]


def export_memos(p: Project) -> None:
    pre_export(p, [outgoing.memo(m) for m in p.all_memos()], what="memo export")


@given(place=st.text(min_size=1, max_size=30), offset=st.integers(0, 10**6),
       kind=st.sampled_from(["person", "place", "school", "phone", "email"]),
       matched=st.text(min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_a_hit_id_is_the_keyed_hash_of_its_place_offset_kind_and_folded_match(place, offset, kind,
                                                                              matched):
    # the ids stored in project files (dismissals, override rows) were made
    # this way: an upgrade that computed them otherwise would forget them all
    key = KeyFile(Path("unused.key"), secret=SECRET)
    msg = "\x1f".join(["hit", place, str(offset), kind, fold(matched)]).encode("utf-8")
    want = hmac.new(bytes.fromhex(SECRET), msg, hashlib.sha256).hexdigest()[:16]
    assert fingerprint(key, place, offset, kind, matched) == want


def test_the_same_name_in_two_memos_is_two_hits_each_dismissed_alone(project):
    first = project.add_memo("project", None, "Lirjeta called the centre.")
    second = project.add_memo("project", None, "Lirjeta called the centre.")
    hits = memo_hits(project)
    assert sorted(h.where for h in hits) == [f"project memo {first.id}", f"project memo {second.id}"]
    assert len({h.fingerprint for h in hits}) == 2
    # ids under the key file's secret, so `check dismiss` in another run finds them again
    key = load_key(default_key_path(Path(project.path)))
    assert [h.fingerprint for h in hits] == [fingerprint(key, h.place, h.offset, "person", "Lirjeta")
                                             for h in hits]
    assert {(h.how, h.suggestion) for h in hits} == {("part", "[NAME-1]")}  # as check shows them
    assert project.dismiss_hit(hits[0].fingerprint)
    with pytest.raises(DisclosureBlocked) as exc:
        export_memos(project)
    assert "1 disclosure hit(s)" in str(exc.value) and hits[1].where in str(exc.value)
    assert project.dismiss_hit(hits[1].fingerprint)
    export_memos(project)


def test_a_dismissal_does_not_cover_another_name_written_in_its_place(project):
    m = project.add_memo("project", None, "Lirjeta called the centre.")
    (hit,) = memo_hits(project)
    assert project.dismiss_hit(hit.fingerprint)
    export_memos(project)
    project.edit_memo(m.id, "Zanfira called the centre.")  # same place, same offset, same kind
    (new,) = memo_hits(project)
    assert new.matched == "Zanfira" and not new.dismissed
    with pytest.raises(DisclosureBlocked):
        export_memos(project)


def test_a_dismissal_survives_a_change_of_capitals(project):
    m = project.add_memo("project", None, "Lirjeta called the centre.")
    (hit,) = memo_hits(project)
    assert project.dismiss_hit(hit.fingerprint)
    project.edit_memo(m.id, "LIRJETA called the centre.")
    (again,) = memo_hits(project)
    assert again.matched == "LIRJETA" and again.fingerprint == hit.fingerprint and again.dismissed
    export_memos(project)


def test_an_advisory_hit_is_shown_but_blocks_no_export(project):
    project.add_memo("project", None, "Ai ishte besnik ndaj shokëve.")  # besnik: loyal
    (hit,) = memo_hits(project)
    assert (hit.matched, hit.advisory) == ("besnik", True)
    assert open_hits([hit]) == [hit] and blocking([hit]) == []
    export_memos(project)
    project.add_memo("project", None, "Besnik Dervishaj came too.")
    with pytest.raises(DisclosureBlocked) as exc:
        export_memos(project)
    assert "1 disclosure hit(s)" in str(exc.value) and "'Besnik Dervishaj'" in str(exc.value)
