"""The export gate and the disclosure check over a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from vos_coder.errors import DisclosureBlocked
from vos_coder.exporters.gate import OutgoingText, pre_export
from vos_coder.privacy.disclosure import check_project, open_hits
from vos_coder.privacy.keyfile import KeyFile, default_key_path


@pytest.fixture
def keyed(coded):
    key = KeyFile(default_key_path(Path(coded.path)))
    key.add("person", "Ardita Hoxha", "VoS-AL-04")
    key.add("place", "Lushnjë")
    key.save()
    return coded, key


def test_check_lists_hits_with_participant_location_kind_and_score(keyed):
    p, key = keyed
    hits = check_project(p, key)
    found = {(h.participant, h.matched, h.kind) for h in hits}
    assert ("VoS-AL-04", "Ardita", "person") in found
    assert ("VoS-AL-04", "Lushnjë", "place") in found
    where = {h.where for h in hits}
    assert any(w.startswith("Q-001 display text") for w in where)
    assert all(h.score > 0 and len(h.fingerprint) == 16 for h in hits)
    assert not [h for h in hits if h.participant == "VoS-AL-05"]
    assert check_project(p, key, participant="VoS-AL-05") == []


def test_check_without_a_key_still_runs_the_detectors(coded):
    coded.add_memo("project", None, "Call the mother on +355 69 222 3344 tomorrow.")
    hits = check_project(coded, None)
    assert [(h.kind, h.matched) for h in hits] == [("phone", "+355 69 222 3344")]


def test_gate_refuses_naming_the_hits(keyed):
    p, _ = keyed
    items = [OutgoingText("VoS-AL-04", 1, "Ardita from my class said so.", "Q-001 text"),
             OutgoingText("VoS-AL-05", 5, "The plan helped my sister.", "Q-005 text")]
    with pytest.raises(DisclosureBlocked) as exc:
        pre_export(p, items, what="quotes export")
    assert "Q-001 text: 'Ardita' (person" in str(exc.value)
    assert "Q-005" not in str(exc.value)
    pre_export(p, items[1:])  # a clean text passes


def test_a_dismissed_hit_no_longer_blocks(keyed):
    p, key = keyed
    e = p.excerpt(1)  # the excerpt's text lives in its source, at its start
    items = [OutgoingText("VoS-AL-04", 1, e.text, "Q-001 text", f"source {e.source_id}", e.start)]
    hit = next(h for h in check_project(p, key) if h.excerpt_id == 1 and h.matched == "Ardita")
    assert p.dismiss_hit(hit.fingerprint)
    assert not p.dismiss_hit(hit.fingerprint)
    pre_export(p, items)
    assert hit.fingerprint not in {h.fingerprint for h in open_hits(check_project(p, key))}
    assert p.audit_log("check.dismiss")[-1].details == {"hit": hit.fingerprint}


def test_allow_flagged_writes_an_audit_row_without_the_text(keyed):
    p, _ = keyed
    items = [OutgoingText("VoS-AL-04", 1, "Ardita in Lushnjë.", "Q-001 text")]
    pre_export(p, items, allow_flagged=True, what="quotes export")
    row = p.audit_log("export.override")[-1]
    assert row.details["hits"] == 2 and row.details["what"] == "quotes export"
    assert "Ardita" not in str(row.details) and "Lushn" not in str(row.details)
