"""Selecting, ordering and attributing the quotes an export writes."""

import pytest

from vos_coder.errors import InvalidInput, NotFound
from vos_coder.exporters import quoteset
from vos_coder.exporters.quoteset import build_quote_set


def test_grouped_by_theme_in_codebook_order_with_headings_for_parents(qp):
    qs = build_quote_set(qp)
    heads = [(s.level, s.theme.name, [i.quote_id for i in s.items]) for s in qs.sections]
    assert heads == [
        (1, "Reporting mechanisms", []),
        (2, "Information on rights and process after reporting", ["Q-003"]),
        (2, "Law enforcement response and burden of evidence", ["Q-002"]),
        (1, "Support services", []),
        (2, "Availability by location", ["Q-004", "Q-005"]),
        (1, "Stigma and shame", []),
        (2, "Fear of how others respond", ["Q-008", "Q-001"]),
        (2, "Stigma of seeking help", ["Q-005"]),
    ]
    assert [i.quote_id for i in qs.items] == ["Q-001", "Q-002", "Q-003", "Q-004", "Q-005", "Q-008"]


def test_codebook_order_is_the_order_of_the_sections(qp):
    order = [t.path for t in qp.themes()]
    paths = [s.theme.path for s in build_quote_set(qp).sections]
    assert paths == sorted(paths, key=order.index)


def test_attribution_follows_the_group_setting(qp):
    items = {i.quote_id: i for i in build_quote_set(qp).items}
    assert items["Q-001"].attribution == "(VoS-AL-01)"
    assert items["Q-008"].attribution == "(a surveyed frontline worker)"
    qp.set_group("frontline worker", attribution="identifier")
    items = {i.quote_id: i for i in build_quote_set(qp).items}
    assert items["Q-008"].attribution == "(FW-01)"
    qp.set_group("survivor", attribution="anonymous", label="a young woman we spoke with")
    assert build_quote_set(qp).items[0].attribution == "(a young woman we spoke with)"


def test_locators_give_turn_or_timestamp(qp):
    turn = {i.quote_id: i.attribution for i in build_quote_set(qp, locator="turn").items}
    time = {i.quote_id: i.attribution for i in build_quote_set(qp, locator="time").items}
    assert turn["Q-001"] == "(VoS-AL-01, turn 2)" and turn["Q-003"] == "(VoS-AL-01, turn 4)"
    assert time["Q-001"] == "(VoS-AL-01, 00:00:09)" and time["Q-003"] == "(VoS-AL-01, 00:01:10)"
    assert time["Q-004"] == "(VoS-AL-02, turn 2)"  # no timestamps there: the turn
    assert turn["Q-008"] == "(a surveyed frontline worker)"  # never a locator for anonymous groups


def test_withdrawn_excluded_and_candidate_quotes(qp):
    printed = " ".join(i.printed for i in build_quote_set(qp, status="any").items)
    assert "headmaster" not in printed  # withdrawn participant
    assert "phone line" not in printed  # Q-006 excluded, even with --status any
    qp.set_quote_status("Q-002", "candidate")
    assert "Q-002" not in [i.quote_id for i in build_quote_set(qp).items]
    assert "Q-002" in [i.quote_id for i in build_quote_set(qp, status="any").items]
    assert [i.quote_id for i in build_quote_set(qp, status="candidate").items] == ["Q-002"]


def test_display_text_is_what_is_printed(qp):
    item = next(i for i in build_quote_set(qp).items if i.quote_id == "Q-005")
    assert item.printed == "In our village people would see you go in […] everybody would know."
    assert item.text.startswith("In our village") and item.display_text == item.printed


def test_filters(qp):
    ids = [i.quote_id for i in build_quote_set(qp, themes=["Stigma and shame"]).items]
    assert ids == ["Q-001", "Q-005", "Q-008"]
    sections = build_quote_set(qp, themes=["Stigma and shame"]).sections
    assert sections[0].theme.name == "Stigma and shame" and sections[0].level == 1
    assert [i.quote_id for i in build_quote_set(qp, participants=["VoS-AL-02"]).items] == ["Q-004", "Q-005"]
    assert [i.quote_id for i in build_quote_set(qp, group="frontline worker").items] == ["Q-008"]


@pytest.mark.parametrize("kwargs, kind", [
    ({"themes": ["Stigma and shme"]}, "Stigma and shame"),
    ({"participants": ["VoS-AL-1"]}, "VoS-AL-01"),
    ({"group": "survivors"}, "survivor"),
])
def test_unknown_names_suggest_the_closest(qp, kwargs, kind):
    with pytest.raises(NotFound) as exc:
        build_quote_set(qp, **kwargs)
    assert kind in str(exc.value)


def test_bad_status_or_locator(qp):
    with pytest.raises(InvalidInput):
        build_quote_set(qp, status="published")
    with pytest.raises(InvalidInput):
        build_quote_set(qp, locator="page")


def test_the_gate_gets_every_string_a_quote_export_writes(qp, monkeypatch):
    seen = []
    monkeypatch.setattr(quoteset, "pre_export",
                        lambda project, items, allow_flagged, what, options=None, advance=None:
                        seen.extend(items))
    qs = build_quote_set(qp)
    quoteset.gate(qp, qs, allow_flagged=False)
    texts = [x.text for x in seen]
    for i in qs.items:  # the printed text: the display text, or the passage itself
        assert (i.display_text or i.text) in texts and " ".join((i.display_text or i.text).split()) == i.printed
        assert i.participant in texts and i.source_title in texts and i.group in texts
    assert {s.theme.name for s in qs.sections} <= set(texts) and qs.title in texts
    wheres = {x.where for x in seen}
    assert "Q-005 display text" in wheres and any(w.startswith("Q-001 text (source ") for w in wheres)


def test_quote_numbers_survive_removals_and_additions(qp):
    before = {i.quote_id: i.printed for i in build_quote_set(qp, status="any").items}
    [coding] = qp.codings_at(1, *qp.match_span(1, "they wanted the messages printed on paper"))
    qp.uncode([coding.id])
    text = qp.source_text(1)
    start = text.index("Later I told a teacher")
    qp.code(1, start, start + len("Later I told a teacher at school"), ["Culture of silence"], "tester")
    after = {i.quote_id: i.printed for i in build_quote_set(qp, status="any").items}
    assert "Q-002" not in after and after["Q-009"] == "Later I told a teacher at school"
    assert {k: v for k, v in after.items() if k != "Q-009"} == {k: v for k, v in before.items()
                                                               if k != "Q-002"}


def test_a_quote_is_found_by_number_or_by_excerpt_and_nothing_else(qp):
    """`by` says how the reference is read; a misspelt `by` is refused rather
    than read as an excerpt id (Q-002's excerpt id is not 2 in every project)."""
    eid = qp.quote_excerpt_id("Q-002")
    assert qp.quote(eid, by="excerpt").quote_id == "Q-002"
    assert qp.quote_excerpt_id(str(eid), by="excerpt") == eid
    with pytest.raises(ValueError, match="by must be"):
        qp.quote_excerpt_id("Q-002", by="numbr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="by must be"):
        qp.set_quote_status(eid, "approved", by="id")  # type: ignore[arg-type]
