"""Matching quotations against sources: the allowed differences, the marks,
and the choice between several sources."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.verify.matcher import OMIT_MAX, Corpus, SourceInfo, match_quote
from vos_coder.verify.quotetext import Compared, split_marks

A = ("Participant: The officer said “come back tomorrow” and I went home.\n"
     "Participant: I waited…  nobody  called,\nnot once, for three months.\n")
B = "Participant: At school they laughed. I changed school for the last year.\n"
C = "Participant: The officer said “come back tomorrow” and I went home.\n"


def info(i: int, pid: str, consent: str = "active") -> SourceInfo:
    return SourceInfo(i, pid, consent, "survivor", "identifier", "", f"source {i}")


def corpus(*texts: tuple[str, str, str]) -> Corpus:
    return Corpus([(info(i, pid, consent), text) for i, (pid, consent, text) in enumerate(texts, 1)])


ALL = corpus(("VoS-AL-01", "active", A), ("VoS-AL-02", "active", B))


def find(quote: str, ident: str | None = "VoS-AL-01", c: Corpus = ALL):
    return match_quote(c, quote, ident, lambda: [s.id for s in c.infos])


def test_exact_and_its_span():
    m = find("I went home.")
    assert m.how == "exact" and A[m.start:m.end] == "I went home."


def test_quotation_mark_style_whitespace_and_ellipsis_are_faithful():
    m = find('The officer said "come back tomorrow" and I went home.')
    assert m.how == "faithful" and m.passage == 'The officer said “come back tomorrow” and I went home.'
    m = find("I waited... nobody called, not once, for three months.")
    assert m.how == "faithful"
    assert m.passage == "I waited…  nobody  called,\nnot once, for three months."


def test_omissions_insertions_first_letter_and_closing_mark():
    m = find("[…] Nobody called, [...] for three months")
    assert m.how == "faithful" and m.passage.startswith("nobody") and m.passage.endswith("months")
    assert find("[…] nobody called, […] for three months.").passage.endswith("months.")
    m = find("[The police officer] said “come back tomorrow” […] I went home")
    assert m.how == "faithful" and m.passage.startswith("said")


def test_a_changed_word_or_case_inside_is_altered_with_a_diff():
    m = find("I waited... nobody called, not once, for four months.")
    assert m.how == "fuzzy" and m.score < 100
    assert "[-three-] {+four+}" in m.diff_text()
    m = find("the Officer said “come back tomorrow” and I went home.")
    assert m.how == "fuzzy"


def test_an_omission_does_not_reach_across_sources_or_too_far():
    across = find("I went home. […] At school they laughed.")
    assert across is None or across.how != "faithful"
    far = corpus(("VoS-AL-01", "active", "Start of it all. " + "word " * (OMIT_MAX // 5 + 10) + "End of it all.\n"))
    assert find("Start of it all. […] End of it all.", c=far) is None or \
        find("Start of it all. […] End of it all.", c=far).how == "fuzzy"


def test_invented_text_is_not_found():
    assert find("My grandmother kept the letters in a blue tin under the stairs.") is None


def test_the_attributed_source_is_preferred_then_active_ones():
    c = corpus(("VoS-AL-01", "active", A), ("VoS-AL-03", "active", C))
    quote = "The officer said “come back tomorrow” and I went home."
    assert find(quote, "VoS-AL-03", c).source.participant == "VoS-AL-03"
    assert find(quote, "VoS-AL-01", c).source.participant == "VoS-AL-01"
    c = corpus(("VoS-AL-01", "withdrawn", A), ("VoS-AL-03", "active", C))
    assert find(quote, None, c).source.participant == "VoS-AL-03"


def test_split_marks():
    p = split_marks("[…] I asked [them] twice [...] and  waited.")
    assert p.segments == ("I asked", "twice", "and waited")
    assert p.gaps == ("insert", "omit") and p.marked and p.tail == "."
    assert split_marks("No marks at all").marked is False


@given(st.text(alphabet=st.sampled_from(list("ab …“”\n\t ")), max_size=60))
def test_comparison_offsets_map_back_to_the_original(text):
    form = Compared.of(text)
    assert form.original(0) == 0
    assert form.original(len(form.text)) == len(text)
    for pos in range(len(form.text) + 1):
        assert 0 <= form.original(pos) <= len(text)
    # letters keep their place
    for pos, ch in enumerate(form.text):
        if ch in "ab":
            assert text[form.original(pos)] == ch


def test_the_diff_keeps_the_drafts_own_marks():
    m = find("I waited... nobody called, [in those weeks] for four months.")
    assert m.how == "fuzzy"
    assert "[in those weeks]" in m.diff_text() and "{+four+}" in m.diff_text()
    assert split_marks("a b [x] c [...] [y] d").gap_marks == ("[x]", "[...] [y]")
