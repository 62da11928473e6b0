"""The export gate's rules as a researcher meets them: which hits a refusal
names and how many it counts, the hint it gives, what it does with a missing
or damaged key file, and the audit row an override leaves behind.

Fictional names only."""

from __future__ import annotations

from pathlib import Path

import pytest

from vos_coder.errors import DisclosureBlocked
from vos_coder.exporters.gate import GateOptions, OutgoingText, pre_export
from vos_coder.privacy.keyfile import KeyFile, KeyMissing, default_key_path
from vos_coder.store import Project

NAMES = ["Drilonë", "Kaltrinë", "Lirjeta", "Shpresarta", "Teutane", "Vjollcara", "Zanfira"]
BLOCKED_HINT = ("fix with vos-coder redact, mark false positives with vos-coder check dismiss HIT, "
                "or pass --allow-flagged (recorded in the audit log)")


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "gate.db")
    yield p
    p.close()


@pytest.fixture
def keyed(project):
    key = KeyFile(default_key_path(Path(project.path)))
    for i, name in enumerate(NAMES):
        key.add("person", f"{name} Berisheku", f"VoS-AL-{30 + i}")
    key.add("place", "Qafëmali")
    key.save()
    return project


def named(n: int) -> list[OutgoingText]:
    """n quotes, the i-th naming the i-th fictional participant."""
    return [OutgoingText(f"VoS-AL-{30 + i}", i + 1, f"{name} came to the meeting late.",
                         f"Q-{i + 1:03d} text") for i, name in enumerate(NAMES[:n])]


def refusal(project, items, **kw) -> DisclosureBlocked:
    with pytest.raises(DisclosureBlocked) as exc:
        pre_export(project, items, **kw)
    return exc.value


@pytest.mark.parametrize("n", [1, 2, 5, 6, 7])
def test_a_refusal_names_the_first_five_hits_and_counts_the_rest(keyed, n):
    err = refusal(keyed, named(n), what="quotes export")
    head = f"quotes export refused: {n} disclosure hit(s): "
    assert err.message.startswith(head)
    listed, _, more = err.message[len(head):].partition(" and ")
    entries = listed.split("; ")
    assert len(entries) == min(n, 5)
    for i, entry in enumerate(entries):
        assert entry.startswith(f"Q-{i + 1:03d} text: {NAMES[i]!r} (person, hit ")
    for name in NAMES[5:n]:  # not shown, but counted
        assert name not in err.message
    assert more == (f"{n - 5} more" if n > 5 else "")
    assert err.message.endswith(" more" if n > 5 else ")")


def test_a_refusal_tells_the_researcher_the_three_ways_on(keyed):
    err = refusal(keyed, named(1))
    assert err.message.startswith("export refused: 1 disclosure hit(s): ")
    assert err.hint == BLOCKED_HINT


def test_without_a_key_file_the_export_is_refused_by_name(project):
    items = [OutgoingText("VoS-AL-30", 1, "Nothing identifying here.", "Q-001 text")]
    with pytest.raises(KeyMissing) as exc:
        pre_export(project, items, what="quotes export")
    key_path = default_key_path(Path(project.path))
    assert exc.value.message == (f"quotes export refused: no identifier list: the key file {key_path} "
                                 "does not exist; point to it with --key PATH or the environment "
                                 "variable VOS_CODER_KEY")
    assert "--no-identifier-list" in exc.value.hint
    assert project.audit_log("export.no_identifier_list") == []


def test_a_damaged_key_file_is_refused_as_damaged_not_as_absent(project):
    key_path = default_key_path(Path(project.path))
    key_path.write_text("this is not a key file", encoding="utf-8")
    items = [OutgoingText("VoS-AL-30", 1, "Nothing identifying here.", "Q-001 text")]
    with pytest.raises(KeyMissing) as exc:
        pre_export(project, items, what="quotes export")
    assert "is not a readable vos-coder key file" in exc.value.message
    assert "does not exist" not in exc.value.message


def test_no_identifier_list_over_a_damaged_key_runs_the_detectors_and_is_audited(project):
    default_key_path(Path(project.path)).write_text("{broken", encoding="utf-8")
    options = GateOptions(no_identifier_list=True)
    clean = [OutgoingText("VoS-AL-30", 1, "Nothing identifying here.", "Q-001 text")]
    pre_export(project, clean, what="quotes export", options=options)
    rows = project.audit_log("export.no_identifier_list")
    assert [r.details["what"] for r in rows] == ["quotes export"]
    phone = [OutgoingText("VoS-AL-30", 1, "Ring me on +355 69 414 2718 tonight.", "Q-001 text")]
    err = refusal(project, phone, what="quotes export", options=options)
    assert "'+355 69 414 2718' (phone" in err.message


def test_an_override_records_the_ids_a_lead_can_dismiss_and_the_kinds(keyed):
    items = [OutgoingText("VoS-AL-30", 1, "Lirjeta moved to Qafëmali.", "Q-001 text"),
             OutgoingText("VoS-AL-31", 2, "Zanfira stayed.", "Q-002 text")]
    pre_export(keyed, items, allow_flagged=True, what="quotes export")
    row = keyed.audit_log("export.override")[-1]
    assert row.details["hits"] == 3
    assert row.details["kinds"] == ["person", "place"]
    ids = row.details["hit_ids"]
    assert len(set(ids)) == 3
    assert not any(n in str(row.details) for n in ("Lirjeta", "Zanfira", "Qafëmali"))
    for hit_id in ids[:2]:  # dismissing what the row recorded lifts those hits, not the third
        assert keyed.dismiss_hit(hit_id)
    err = refusal(keyed, items, what="quotes export")
    assert err.message.startswith("quotes export refused: 1 disclosure hit(s): Q-002 text: 'Zanfira'")
    assert keyed.dismiss_hit(ids[2])
    pre_export(keyed, items, what="quotes export")
