"""Detection measured on a seeded test set: >= 99% of seeded occurrences found,
< 1 false alarm per 1,000 words of clean text. The figures are printed (-s)."""

from __future__ import annotations

import itertools
import random

from tests.privacy.seeded import (
    ORGS,
    PEOPLE,
    PLACES,
    SCHOOLS,
    clean_text,
    key_file,
    ordinary_albanian,
    ordinary_english,
    seeded_text,
    words,
)
from vos_coder.privacy.detectors import detect
from vos_coder.privacy.transform import find_all

SEEDS = range(10)  # measure_thresholds.py runs 20


def _recall(key, seeds=SEEDS) -> tuple[int, int, int, dict[str, list[int]]]:
    """(replaced, visible, total, per variant): a seeded form is *replaced* when a
    hit that --yes applies (not advisory) covers all of it, *visible* when any
    hit, advisory ones included, does."""
    found = visible = total = 0
    per_variant: dict[str, list[int]] = {}
    for seed in seeds:
        text, spans = seeded_text(seed)
        hits = find_all(text, key)
        for s, e, sd in spans:
            ok = any(h.start <= s and h.end >= e and not h.advisory for h in hits)
            found += ok
            visible += ok or any(h.start <= s and h.end >= e for h in hits)
            total += 1
            per_variant.setdefault(sd.variant, [0, 0])[0] += ok
            per_variant[sd.variant][1] += 1
    return found, visible, total, per_variant


def test_seeded_identifiers_are_found_in_every_variant_form(tmp_path):
    key = key_file(tmp_path / "t.key")
    found, visible, total, per_variant = _recall(key)
    print(f"\nrecall {found}/{total} = {100 * found / total:.2f}% replaced by --yes; "
          f"{visible}/{total} visible")
    for variant, (f, t) in sorted(per_variant.items()):
        print(f"  {variant:18s} {f}/{t}")
    assert total > 4000
    assert found / total >= 0.99
    # held to the figure the README gives (4,879 of 4,880: the one left is a
    # misspelt "Futura" opening a sentence, advisory): a variant that slips by
    # two, as the invisible characters beside a date's full stop once did, is
    # still above the shares below
    assert (found, visible) >= (total - 1, total), (found, visible, total)
    assert {"exact", "lower case", "upper case", "no diacritics", "inflected", "1 typo", "2 typos",
            "part", "part inflected", "zero-width", "soft hyphen", "look-alike letter",
            "other separator", "leading zeros", "digits alone"} <= set(per_variant)
    for variant, (f, t) in per_variant.items():
        assert f / t >= 0.97, variant


def _false_alarms(key, text: str, language: str) -> tuple[int, int, int]:
    n_words = words(text)
    hits = find_all(text, key)
    blocking = [h for h in hits if not h.advisory]
    print(f"\n{language}: {len(blocking)} false alarm(s) in {n_words} words = "
          f"{1000 * len(blocking) / n_words:.3f} per 1,000 {[h.text for h in blocking]}; "
          f"advisory {len(hits) - len(blocking)} {[h.text for h in hits if h.advisory]}")
    return len(blocking), len(hits) - len(blocking), n_words


def test_ordinary_english_raises_under_one_false_alarm_per_1000_words(tmp_path):
    alarms, _, n_words = _false_alarms(key_file(tmp_path / "t.key"), ordinary_english(),
                                       "English")
    assert n_words > 5000
    assert 1000 * alarms / n_words < 1.0


def test_ordinary_albanian_raises_under_one_false_alarm_per_1000_words(tmp_path):
    alarms, advisory, n_words = _false_alarms(key_file(tmp_path / "t.key"), ordinary_albanian(),
                                              "Albanian")
    assert n_words > 2000
    assert 1000 * alarms / n_words < 1.0
    # the words that resemble the listed names are there (mirë, besnik, drita,
    # flutur...), and in lower case they are advisory only
    assert advisory >= 6


ALONE = ["{x} had not told anyone yet.", "Nobody knew. {x} had not told anyone.",
         "She said: {x} came.", "Later {x} came.", "{x} erdhi vonë.", "Pastaj {x} tha po."]


def test_a_name_part_alone_is_found_in_a_text_that_never_writes_the_whole_name(tmp_path):
    """Each part of every multi-word identifier, spelt as the list spells it,
    alone in a short text (at the start of a text, of a sentence, after a
    colon, inside a sentence): every one is a hit that blocks, ordinary word
    or not (Drita, Besnik, Hoxha, Leka...)."""
    key = key_file(tmp_path / "t.key")
    total, missed = 0, []
    for value in PEOPLE + PLACES + SCHOOLS + ORGS:
        words = value.split()
        for w in words if len(words) > 1 else []:
            if len(w) < 3 or w.lower() in ("shkolla", "gjimnazi", "shoqata"):
                continue  # generic words never identify alone
            for template in ALONE:
                text = template.replace("{x}", w)
                s = text.index(w)
                hits = find_all(text, key)
                total += 1
                if not any(h.start <= s and h.end >= s + len(w) and not h.advisory for h in hits):
                    missed.append(text)
    print(f"\nname parts alone: {total - len(missed)}/{total} block; missed {missed}")
    assert total > 200
    assert missed == []


def _cut(word: str, cuts: tuple[int, ...]) -> str:
    return " ".join(word[a:b] for a, b in zip((0, *cuts), (*cuts, len(word)), strict=True))


def test_a_name_typed_in_pieces_is_replaced_whole(tmp_path):
    """Every multi-word identifier with one of its words cut in two or three
    pieces at every place ("Ar dita Hoxha", "Ar di ta Hoxha", "Fushë-Kru jë"),
    inside a sentence: each is covered by one hit that blocks, so no piece is
    left beside the placeholder. With both words of a two-word name cut
    ("Ar dita Hox ha") a piece of 4+ letters must resemble the start of the
    name for it to be found at all (the index finds candidates by their
    words); that share is printed and held to what it is."""
    key = key_file(tmp_path / "t.key")

    def blocks(form: str) -> bool:
        text = f"Pastaj {form} erdhi."
        return any(h.start <= 7 and h.end >= 7 + len(form) and not h.advisory
                   for h in find_all(text, key))

    one: dict[int, list[str]] = {2: [], 3: []}
    missed: list[str] = []
    for value in [v for v in PEOPLE + PLACES + SCHOOLS + ORGS if len(v.replace("-", " ").split()) > 1]:
        words = value.replace("-", " - ").split()
        for j, w in enumerate(words):
            for cuts in [c for n in (1, 2) for c in itertools.combinations(range(1, len(w)), n)]:
                if w == "-":
                    continue
                form = " ".join(words[:j] + [_cut(w, cuts)] + words[j + 1:]).replace(" - ", "-")
                one[len(cuts) + 1].append(form)
                if not blocks(form):
                    missed.append(form)
    both = [f"{_cut(a, (i,))} {_cut(b, (j,))}" for a, b in (v.split() for v in PEOPLE
            if len(v.split()) == 2) for i in range(1, len(a)) for j in range(1, len(b))]
    found_both = sum(map(blocks, both))
    print(f"\none word in 2 pieces: {len(one[2])}, in 3 pieces: {len(one[3])}; "
          f"{len(one[2]) + len(one[3]) - len(missed)} replaced whole, missed {missed}; "
          f"both words of two cut: {found_both}/{len(both)}")
    assert len(one[2]) > 200 and len(one[3]) > 400
    assert missed == []
    assert found_both / len(both) >= 0.73  # 335/453


def test_seeded_text_has_no_stray_hits(tmp_path):
    key = key_file(tmp_path / "t.key")
    text, spans = seeded_text(1)
    stray = [h for h in find_all(text, key) if not any(h.start < e and h.end > s for s, e, _ in spans)]
    assert stray == []


PATTERN_SEEDS = {
    "phone": ["069 123 4567", "069-123-4567", "+355 69 123 4567", "+355-69-123-4567",
              "+355691234567", "00355 69 876 5432", "04 222 3333", "068 55 44 321", "0671234567"],
    "email": ["ardita.h@example.com", "blerina_k99@mail.example.al", "x.y+z@shkolla.edu.al"],
    "url": ["https://example.com/profile/123", "www.example.al/lajme", "facebook.com/some.page"],
    "handle": ["@ardita_h", "@blerina.k.99", "@klodi2005"],
    "address": ["Rruga Myslym Shyri 12", "Rr. e Durrësit nr. 45", "Lagjja 5", "Pallati 14",
                "Bulevardi Zogu i Parë", "12 Elm Street", "Elm Street 12"],
    "date of birth": ["12.03.2005", "03/11/2006", "2005-03-12", "12 March 2005", "March 12, 2005",
                      "7 qershor 2006"],
    "national id": ["J05312045K", "I85401123B"],
}


def test_pattern_detectors_find_every_seeded_form():
    rng = random.Random(5)
    missed = []
    total = 0
    for kind, forms in PATTERN_SEEDS.items():
        for form in forms:
            for template in ("She gave me {x} when we met.", "It was {x}, I think.",
                             "{x} is what they wrote down."):
                before, after = template.split("{x}")
                text = before + form + after
                total += 1
                hits = [h for h in detect(text) if h.start <= len(before) and
                        h.end >= len(before) + len(form)]
                if not hits:
                    missed.append((kind, form, template))
    print(f"\npatterns: {total - len(missed)}/{total} found")
    assert missed == []
    assert rng  # deterministic set, no sampling needed


def test_pattern_detectors_leave_clean_text_and_public_numbers_alone():
    text = clean_text() + ("\nThe helpline 116 111 answers all day. In 2019 I was 16. "
                           "It took 3 weeks and 12 visits. Page 45, section 3.2.")
    hits = detect(text)
    print(f"\npattern false alarms on clean text: {[h.text for h in hits]}")
    assert 1000 * len(hits) / words(text) < 1.0
    assert not [h for h in hits if "116" in h.text or "2019" in h.text]
