"""The store's coding path, each step by what a coder sees: a span typed as
START:END, a passage found by its words (in one source or across a
respondent's answers), the passage made and numbered, the codings made, read
back and removed, bulk coding as imports do it, and undo and redo with their
words. Every text is invented for the test."""

from __future__ import annotations

import zlib

import pytest

from vos_coder.core.model import Excerpt, ParsedSource, Turn
from vos_coder.errors import InvalidInput, NotFound
from vos_coder.store.coding import PassageNotFound, parse_span

TALK = ("Interviewer: When did it start?\n\n"
        "VoS-T-01: It started in the spring. My aunt noticed first.\n\n"
        "Interviewer: And then?\n\n"
        "VoS-T-01: Then the school helped. It stopped.\n")


def turns_of(text: str) -> tuple[Turn, ...]:
    """Turns of a text whose blank-line blocks each start with 'Speaker:'."""
    out, at = [], 0
    for n, block in enumerate(text.rstrip("\n").split("\n\n"), 1):
        start = text.index(block, at)
        out.append(Turn(n, block.split(":")[0], start, start + len(block)))
        at = start + len(block)
    return tuple(out)


@pytest.fixture
def p(project):
    for name in ("Help", "Silence", "School"):
        project.add_theme(name)
    project.add_source("VoS-T-01", "Talk one", ParsedSource(TALK, turns_of(TALK)))
    project.add_source("VoS-F-02", "Q1", ParsedSource("Yes, every week.\n", (), "survey answer"))
    project.add_source("VoS-F-02", "Q2", ParsedSource("My teacher, then nobody.\n", (), "survey answer"))
    return project


def _at(words: str) -> tuple[int, int]:
    a = TALK.index(words)
    return a, a + len(words)


@pytest.mark.parametrize("span", ["12", "a:b", "1:2:3", "", " : "])
def test_a_span_not_start_end_is_refused_with_an_example(span):
    with pytest.raises(InvalidInput) as e:
        parse_span(span)
    assert str(e.value) == f"span {span!r} must be START:END in characters, like 120:245"


@pytest.mark.parametrize("span", ["5:5", "9:3", "-1:4", "-3:-1"])
def test_a_span_empty_reversed_or_negative_is_refused(span):
    with pytest.raises(InvalidInput) as e:
        parse_span(span)
    assert str(e.value) == (f"span {span!r}: give START:END with END greater than START, both 0 "
                            "or more")


def test_spans_that_are_passages_are_read():
    assert parse_span("120:245") == (120, 245)
    assert parse_span("0:1") == (0, 1)
    assert parse_span(" 7 : 9 ") == (7, 9)


def test_a_passage_is_found_by_its_words_once_or_refused(p):
    talk = p.source("Talk one")
    assert p.match_span("Talk one", "My aunt noticed first.") == _at("My aunt noticed first.")
    assert p.match_span(str(talk.id), "the school helped") == _at("the school helped")
    with pytest.raises(InvalidInput) as e:
        p.match_span(talk.id, "It st")
    assert str(e.value) == (f"the text occurs 2 times in source {talk.id}; give a longer --match "
                            "or a --span")
    long = "Nothing like this was ever said by anyone in this talk, not once, not ever."
    with pytest.raises(PassageNotFound) as e:
        p.match_span("Talk one", long)
    assert str(e.value) == (f"{long[:60]!r} is not in source {talk.id}; copy the passage from: "
                            f"vos-coder sources show {talk.id}")
    assert (e.value.kind, e.value.name, e.value.suggestions) == ("passage", long, [])


def test_a_respondents_answers_are_searched_together(p):
    q1, q2 = p.sources("VoS-F-02")
    src, start, end = p.locate("VoS-F-02", "teacher")
    assert (src.id, start, end) == (q2.id, 3, 10)
    src, start, end = p.locate(" VoS-F-02 ", "every week")
    assert (src.id, start, end) == (q1.id, 5, 15)
    with pytest.raises(PassageNotFound) as e:
        p.locate("VoS-F-02", "never")
    assert str(e.value) == (f"'never' is not in VoS-F-02's sources ({q1.id}, {q2.id}); copy the "
                            "passage from: vos-coder sources list -p VoS-F-02")
    p.add_source("VoS-F-02", "Q3", ParsedSource("Every week, yes.\n", (), "survey answer"))
    with pytest.raises(InvalidInput) as e:
        p.locate("VoS-F-02", "very week")
    assert str(e.value).startswith("the text occurs 2 times in VoS-F-02's sources (")
    # a title that is also searched alone, though its participant has several sources
    assert p.locate("Q2", "nobody")[1:] == (17, 23)


def test_coding_makes_one_numbered_passage_and_returns_only_new_codings(p):
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    made = p.code("Talk one", a, b, ["Help", "Silence"], "ana")
    assert [(p.theme(c.theme_id).name, c.coder) for c in made] == [("Help", "ana"), ("Silence", "ana")]
    (eid,) = {c.excerpt_id for c in made}
    assert p.excerpt(eid) == Excerpt(eid, talk.id, a, b, "My aunt noticed first.")
    assert p.code(talk.id, a, b, "Help", "ana") == []  # already there: nothing new
    again = p.code(talk.id, a, b, "Help", "ben")
    assert [(c.excerpt_id, c.coder) for c in again] == [(eid, "ben")]
    c, d = _at("Then the school helped.")
    other = p.code(talk.id, c, d, "School", "ana")[0].excerpt_id
    assert p.q("SELECT excerpt_id, number FROM quotes ORDER BY number") == [
        {"excerpt_id": eid, "number": 1}, {"excerpt_id": other, "number": 2}]
    assert p.setting("next_quote_number") == "3"
    assert p.q1("SELECT count(*) FROM history") == 3  # the call that made nothing is no step
    with pytest.raises(InvalidInput, match="^give at least one theme$"):
        p.code(talk.id, a, b, [], "ana")
    with pytest.raises(NotFound):
        p.excerpt(999)


def test_a_span_outside_the_text_or_source_is_refused_and_nothing_stored(p):
    talk = p.source("Talk one")
    n = len(TALK)
    for a, b in ((n - 3, n + 1), (5, 5), (-1, 3)):
        with pytest.raises(InvalidInput) as e:
            p.code(talk.id, a, b, "Help", "ana")
        assert str(e.value) == f"span {a}:{b} lies outside source {talk.id} (0:{n}); check START:END"
    for a, b in ((3, n + 1), (5, 5), (7, 6)):
        with pytest.raises(InvalidInput) as e:
            p.code_many([(talk.id, 0, 3, "Help", "ana"), (talk.id, a, b, "Help", "ana")])
        assert str(e.value) == f"span {a}:{b} lies outside source {talk.id} (0:{n})"
    with pytest.raises(NotFound) as e:
        p.code_many([(talk.id, 0, 5, "Help", "ana"), (998, 0, 1, "Help", "a"), (997, 0, 1, "Help", "a")])
    assert str(e.value) == "no source named '997'"
    with pytest.raises(NotFound):
        p.interchange_excerpt(996, 0, 1)
    assert p.q1("SELECT count(*) FROM excerpts") == 0 and p.q1("SELECT count(*) FROM codings") == 0


def test_the_last_word_of_a_turn_and_a_passage_reaching_the_text_end(p):
    talk = p.source("Talk one")
    a, b = _at("It stopped.")
    assert len(p.code(talk.id, a, b, "Help", "ana")) == 1
    assert p.code_many([(talk.id, a, len(TALK), "Silence", "imp")]) == 1  # to the text's end
    a, b = _at("VoS-T-01: It started")
    with pytest.raises(InvalidInput, match=r"includes the speaker label 'VoS-T-01:' of turn 2; a "
                                           rf"passage starts after it \(at {a + 10}\)"):
        p.code(talk.id, a, b, "Help", "ana")
    a, _ = _at("When did")
    with pytest.raises(InvalidInput, match=r"runs past the end of turn 1"):
        p.code(talk.id, a, a + len("When did it start?") + 1, "Help", "ana")
    a, b = _at("VoS-T-01: It started in the spring.")
    with pytest.raises(InvalidInput, match=rf"^span {a - 1}:{b} starts in the blank lines before "
                                           rf"turn 2 \(at {a}\)$"):
        p.code(talk.id, a - 1, b, "Help", "ana")  # from the blank line before the label


def test_codings_are_read_back_at_a_span_by_theme_and_coder(p):
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    c, d = _at("It started in the spring.")
    p.code(talk.id, a, b, ["Help", "Silence"], "ana")
    p.code(talk.id, a, b, ["Help"], "ben")
    p.code(talk.id, c, d, ["School"], "ana")
    got = lambda **k: sorted((p.theme(x.theme_id).name, x.coder)
                             for x in p.codings_at("Talk one", a, b, **k))
    assert got() == [("Help", "ana"), ("Help", "ben"), ("Silence", "ana")]
    assert got(theme="Help") == [("Help", "ana"), ("Help", "ben")]
    assert got(coder="ben") == [("Help", "ben")]
    assert got(theme="Silence", coder="ben") == []
    assert p.codings_at(talk.id, a, b + 1) == []
    rows = p.excerpts_at(talk.id, [(c, d), (a, b), (c, d), (0, 5)])
    assert [(e.start, e.end, e.text, [(p.theme(x.theme_id).name, x.coder) for x in cs])
            for e, cs in rows] == [(c, d, "It started in the spring.", [("School", "ana")]),
                                   (a, b, "My aunt noticed first.", [("Help", "ana"), ("Silence", "ana"),
                                                                     ("Help", "ben")])]
    ids = {e.start: e.id for e, _ in rows}
    assert [(e.id, e.source_id, e.start, [x.coder for x in cs]) for e, cs in p.excerpts(talk.id)] == [
        (ids[c], talk.id, c, ["ana"]), (ids[a], talk.id, a, ["ana", "ana", "ben"])]
    assert [(e.id, e.source_id) for e, _ in rows] == [(ids[c], talk.id), (ids[a], talk.id)]
    assert p.excerpts(p.source("Q1").id) == []


def test_uncoding_keeps_the_passage_and_is_one_step(p):
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    made = p.code(talk.id, a, b, ["Help", "Silence"], "ana")
    assert p.uncode([], "ana") == 0
    assert p.uncode([c.id for c in made], "ana") == 2
    assert p.codings_at(talk.id, a, b) == []
    assert [(e.start, e.end) for e, _ in p.excerpts(talk.id)] == [(a, b)]  # kept, with its number
    assert p.q1("SELECT number FROM quotes") == 1
    step = p.undo("ana")
    assert (step["action"], step["effect"]) == ("uncode", "code")
    assert step["description"] == f"coded {a}:{b} in VoS-T-01 with Help, Silence"
    assert [p.theme(c.theme_id).name for c in p.codings_at(talk.id, a, b)] == ["Help", "Silence"]
    with pytest.raises(NotFound):
        p.uncode([made[0].id + 100], "ana")


def test_bulk_coding_numbers_new_passages_in_order_and_counts_what_it_added(p):
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    c, d = _at("It started in the spring.")
    e, f = _at("It stopped.")
    first = p.code(talk.id, c, d, "School", "ana")[0].excerpt_id  # quote 1
    help_id = p.theme("Help").id
    added = p.code_many([(talk.id, e, f, "Help", "imp"), (talk.id, a, b, help_id, "imp"),
                         (talk.id, c, d, "Help", "imp"), (talk.id, e, f, "Help", "imp"),
                         (talk.id, a, b, "Silence", "imp")])
    assert added == 4  # the repeated row adds nothing
    numbers = {r["start"]: r["number"] for r in p.q(
        "SELECT e.start, q.number FROM quotes q JOIN excerpts e ON e.id = q.excerpt_id")}
    assert numbers == {c: 1, e: 2, a: 3}
    assert p.setting("next_quote_number") == "4"
    assert p.q1("SELECT id FROM excerpts WHERE start = ?", [c]) == first
    checks = {r["start"]: r["checksum"] for r in p.q("SELECT start, checksum FROM excerpts")}
    assert checks[a] == zlib.crc32(TALK[a:b].encode("utf-8"))
    assert p.code_many([]) == 0
    assert p.code_many([(talk.id, a, b, "Help", "imp")]) == 0
    assert p.q1("SELECT count(*) FROM history") == 1  # bulk coding is no undoable step
    assert p.q1("SELECT count(*) FROM tally_dirty WHERE participant_id = 0") == 0


def test_undo_and_redo_walk_one_coders_steps(p):
    talk, q1 = p.source("Talk one"), p.source("Q1")
    a, b = _at("My aunt noticed first.")
    p.code(talk.id, a, b, "Help", "ana")
    p.code(q1.id, 0, 3, ["School", "Silence"], "ana")
    p.code(talk.id, a, b, "Silence", "ben")
    assert p.undo("cy") is None and p.redo("ana") is None
    step = p.undo("ana")
    assert step == {"action": "code", "effect": "uncode",
                    "payload": [{"source": q1.id, "start": 0, "end": 3, "theme": p.theme("School").id,
                                 "coder": "ana"},
                                {"source": q1.id, "start": 0, "end": 3, "theme": p.theme("Silence").id,
                                 "coder": "ana"}],
                    "description": "removed School, Silence from 0:3 in VoS-F-02"}
    assert p.undo("ana", source=q1.id) is None  # ana's only step there is undone
    assert p.undo("ana")["description"] == f"removed Help from {a}:{b} in VoS-T-01"
    assert [c.coder for c in p.codings_at(talk.id, a, b)] == ["ben"]  # ben's coding stays
    assert p.redo("ana")["description"] == f"coded {a}:{b} in VoS-T-01 with Help"  # oldest first
    assert p.redo("ana", source=talk.id) is None
    assert p.redo("ana", source=q1.id)["description"] == "coded 0:3 in VoS-F-02 with School, Silence"
    assert p.redo("ana") is None
    assert sorted((p.theme(c.theme_id).name, c.coder) for c in p.codings_at(q1.id, 0, 3)) == [
        ("School", "ana"), ("Silence", "ana")]


def test_the_words_of_a_change_over_several_passages(p):
    talk = p.source("Talk one")
    help_id, school = p.theme("Help").id, p.theme("School").id
    payload = [{"source": talk.id, "start": 5, "end": 9, "theme": help_id},
               {"source": talk.id, "start": 5, "end": 9, "theme": help_id},
               {"source": talk.id, "start": 5, "end": 9, "theme": school},
               {"source": 999, "start": 1, "end": 2, "theme": 998}]
    assert p.describe_change("code", payload) == ("coded 5:9 in VoS-T-01 with Help, School; "
                                                  "coded 1:2 in source 999 with theme 998")
    assert p.describe_change("uncode", payload[:1]) == "removed Help from 5:9 in VoS-T-01"


def test_a_new_step_ends_only_its_coders_redo_chain(p):
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    c, d = _at("It stopped.")
    p.code(talk.id, a, b, "Help", "ana")
    p.code(talk.id, a, b, "Help", "ben")
    p.undo("ana")
    p.undo("ben")
    p.code(talk.id, c, d, "School", "ben")  # ben's new step: his redo chain here ends
    assert p.redo("ben") is None
    assert p.redo("ana")["description"] == f"coded {a}:{b} in VoS-T-01 with Help"


def test_bulk_coding_over_more_sources_than_one_statement_names(p, monkeypatch):
    """Sources are looked up CHUNK at a time (500; 2 here, so five sources
    take three statements): every source's passage is found again and every
    participant's counts follow."""
    from vos_coder.store import coding

    monkeypatch.setattr(coding, "CHUNK", 2)
    ids = [p.add_source(f"VoS-B-0{i}", f"Talk {i}", ParsedSource(f"Words of person {i}.\n", ())).id
           for i in range(1, 6)]
    assert p.code_many([(sid, 0, 5, "Help", "imp") for sid in ids]) == 5
    assert p.recount_tally() == 0  # the maintained counts were right: each participant marked
    assert p.code_many([(sid, 0, 5, "Silence", "imp") for sid in reversed(ids)]) == 5
    assert p.recount_tally() == 0
    assert p.q1("SELECT count(*) FROM excerpts") == 5
    for sid in ids:
        assert [(e.start, e.end, sorted(p.theme(c.theme_id).name for c in cs))
                for e, cs in p.excerpts(sid)] == [(0, 5, ["Help", "Silence"])]


def test_deleting_a_theme_with_its_children_keeps_the_rest_of_a_step(p):
    talk = p.source("Talk one")
    p.add_theme("Aunt", "Help")
    a, b = _at("My aunt noticed first.")
    p.code(talk.id, a, b, ["Help/Aunt", "Silence"], "ana")
    p.code(talk.id, a, b, ["Help"], "ana")
    p.delete_theme("Help", force=True)  # Help and Help/Aunt at once
    step = p.undo("ana")
    assert step["description"] == f"removed Silence from {a}:{b} in VoS-T-01"
    assert p.codings_at(talk.id, a, b) == []
    assert p.undo("ana") is None  # the step that coded only Help is gone


def test_a_title_that_is_a_participants_identifier_is_searched_alone(p):
    """A source titled with the identifier of a participant who has several
    sources is that source, as every command reads a title first: its words
    are looked for there, not across the participant's other sources."""
    own = p.add_source("VoS-F-03", "VoS-F-03", ParsedSource("The bus was late again.\n", (),
                                                             "survey answer"))
    p.add_source("VoS-F-03", "Q2", ParsedSource("The bus was late, I said.\n", (), "survey answer"))
    src, start, end = p.locate("VoS-F-03", "The bus was late")
    assert (src.id, start, end) == (own.id, 0, 16)
    with pytest.raises(PassageNotFound, match=f"is not in source {own.id};"):
        p.locate("VoS-F-03", "I said")


def test_a_stored_empty_next_number_numbers_bulk_coding_from_one(p):
    """A project whose next quote number was left empty (a hand-edited file)
    numbers a bulk coding's passages from 1, like a new project."""
    p.set_setting("next_quote_number", "")
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    assert p.code_many([(talk.id, a, b, "Help", "imp")]) == 1
    assert p.q1("SELECT number FROM quotes") == 1
    assert p.setting("next_quote_number") == "2"


def test_undo_and_redo_bring_back_a_coding_on_a_span_an_import_stored_over_a_label(p):
    """A new span may not include a speaker label, but a span another tool's
    import stored that way is its data: uncoding it and undoing that (or
    redoing the coding) puts the coding back on exactly that span."""
    talk = p.source("Talk one")
    turn = p.turns(talk.id)[1]  # "VoS-T-01: It started ...", its label included
    with pytest.raises(InvalidInput, match="includes the speaker label"):
        p.code(talk.id, turn.start, turn.end, "Help", "ana")
    p.interchange_excerpt(talk.id, turn.start, turn.end)  # as an import stored it
    [made] = p.code(talk.id, turn.start, turn.end, "Help", "ana")
    p.uncode([made.id], "ana")
    assert p.codings_at(talk.id, turn.start, turn.end) == []
    assert p.undo("ana")["description"] == f"coded {turn.start}:{turn.end} in VoS-T-01 with Help"
    assert [c.coder for c in p.codings_at(talk.id, turn.start, turn.end)] == ["ana"]
    p.undo("ana")  # the coding itself
    assert p.redo("ana")["description"] == f"coded {turn.start}:{turn.end} in VoS-T-01 with Help"
    assert [c.coder for c in p.codings_at(talk.id, turn.start, turn.end)] == ["ana"]


def test_codings_at_a_span_come_in_the_order_they_were_made(p):
    """`uncode` removes what codings_at finds, and undoing that says the
    themes in that order: the order they were coded in (School before Help
    here, though Help was added to the codebook first), and a second coder's
    coding after the first's, whatever index SQLite reads them by."""
    talk = p.source("Talk one")
    a, b = _at("My aunt noticed first.")
    p.code(talk.id, a, b, ["School", "Help"], "ben")
    p.code(talk.id, a, b, ["Help"], "ana")
    assert [(p.theme(c.theme_id).name, c.coder) for c in p.codings_at(talk.id, a, b)] == [
        ("School", "ben"), ("Help", "ben"), ("Help", "ana")]
    assert [c.coder for c in p.codings_at(talk.id, a, b, theme="Help")] == ["ben", "ana"]
    p.uncode([c.id for c in p.codings_at(talk.id, a, b, coder="ben")], "ben")
    assert p.undo("ben")["description"] == f"coded {a}:{b} in VoS-T-01 with School, Help"
