"""The faithfulness rules a report relies on, and the exact words a researcher
reads when a display text departs from its source. Each test here was written
to catch a planted fault that the older tests let through (tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from vos_coder.core.quotes import departure, normalise_marks, quote_label, runs

SOURCE = ("At school nobody asked me anything. The teacher only said that I looked "
          "tired and sent me home early. Later a counsellor called my mother.")


def test_every_run_is_checked_not_only_the_first():
    # The first run is faithful; the second one invents a word.
    assert departure(SOURCE, "At school nobody asked me anything […] a counsellor phoned my mother.")
    assert departure(SOURCE, "The teacher only said […] I looked sleepy and sent me home.")


def test_a_run_cannot_reuse_source_words_an_earlier_run_used():
    assert departure("No, I said.", "No […] no") is not None
    assert departure("I said no. Then I said yes.", "I said […] I said no") is not None
    # ... while a later repetition in the source is fine.
    assert departure("I said no. Then I said yes.", "I said no […] I said yes") is None


def test_runs_must_follow_the_source_order():
    assert departure(SOURCE, "a counsellor called my mother […] The teacher") is not None


def test_typographic_apostrophes_match_straight_ones():
    assert departure("I don't know what they said.", "I don’t know what they said") is None
    assert departure("I don’t know what they said.", "I don't know what they said") is None


def test_an_addition_in_brackets_is_kept_when_marks_are_normalised():
    assert normalise_marks("they [should]  have [ ... ] asked") == "they [should] have […] asked"


def test_runs_record_where_their_words_are_in_the_display_text():
    display = "nobody asked [me] anything […] the teacher"
    parts = runs(display)
    assert [[display[w.start:w.end] for w in r.words] for r in parts] == [
        ["nobody", "asked"], ["anything"], ["the", "teacher"]]
    assert [r.gap_before for r in parts] == [False, True, True]
    assert runs("[…] then they left")[0].gap_before is True


@pytest.mark.parametrize(("display", "message"), [
    ("The teacher said that I looked tired.",
     ("words are left out without […] before 'said' (in 'The teacher said that I looked tired.'): "
     "the source has 'only' there; mark the cut with […]")),
    ("The teacher only said […] I looked sleepy and sent me home.",
     ("the display text departs from the source at 'sleepy' (in '…r only said […] I looked sleepy "
     "and sent me home.'); the source continues with 'tired'; closest in the source: '…said that "
     "I looked tired and sent me home early. Lat…'; mark omissions with […] and your own words "
     "with [brackets]")),
    ("At school nobody asked me anything […] a counsellor phoned my mother.",
     ("the display text departs from the source at 'phoned' (in '…nything […] a counsellor phoned "
     "my mother.'); the source continues with 'called'; closest in the source: '…ly. Later a "
     "counsellor called my mother.'; mark omissions with […] and your own words with [brackets]")),
    ("a counsellor called my mother […] The teacher",
     ("the display text departs from the source at 'The' (in '…lor called my mother […] The "
     "teacher'); mark omissions with […] and your own words with [brackets]")),
    ("the teacher [said", ("a square bracket is not closed; write omissions as […] and additions "
     "as [word]")),
    ("the teacher said]", ("a square bracket is not closed; write omissions as […] and additions "
     "as [word]")),
    ("[…] [sic]", "the display text has no words from the source"),
])
def test_the_message_names_the_departing_word_and_the_source_text(display, message):
    assert departure(SOURCE, display) == message


def test_a_cut_of_several_words_is_named_in_full():
    problem = departure(SOURCE, "The teacher only said that I looked tired and early.")
    assert "the source has 'sent me home' there" in problem


def test_quote_labels():
    assert quote_label(7) == "Q-007"
    assert quote_label(None) == ""


def test_the_left_out_words_are_found_forward_even_when_the_next_word_came_earlier():
    source = "At home I was fine. Then I went to school and after that I went home early."
    problem = departure(source, "Then I went home early.")
    assert "the source has 'to school and after that I went' there" in problem


def test_the_first_of_two_equally_good_places_is_named():
    problem = departure("I said no. Then I said yes.", "I said maybe")
    assert "the source continues with 'no'" in problem


def test_the_departing_word_is_the_last_one_when_all_before_it_match():
    problem = departure(SOURCE, "The teacher only said that I looked sleepy")
    assert problem.startswith("the display text departs from the source at 'sleepy'")


def test_the_context_shown_is_marked_as_cut_when_it_is():
    source = "one two three four fiveee six"
    problem = departure(source, "one two three four fiveee sixx")
    assert "(in '…ne two three four fiveee sixx')" in problem


def test_words_after_the_end_of_the_source_are_refused():
    problem = departure(SOURCE, "called my mother […] xxxx")
    assert problem == ("the display text departs from the source at 'xxxx' (in 'called my mother "
                       "[…] xxxx'); mark omissions with […] and your own words with [brackets]")
