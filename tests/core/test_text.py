import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from vos_coder.core.text import LineIndex, find_folded, find_span, fold, normalise

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def test_normalise_line_endings_bom_and_nfc():
    raw = "\ufeffNë\r\nshkollë\rfund" .replace("ë", "e\u0308")
    out = normalise(raw)
    assert out == "Në\nshkollë\nfund\n"
    assert unicodedata.is_normalized("NFC", out)


@given(texts)
def test_normalise_is_idempotent(s):
    once = normalise(s)
    assert normalise(once) == once
    assert "\r" not in once and not once.startswith("\ufeff")


@given(texts, st.data())
def test_line_index_round_trips_every_offset(s, data):
    text = normalise(s)
    index = LineIndex.of(text)
    offset = data.draw(st.integers(0, len(text)))
    row, col = index.location(offset)
    assert index.offset(row, col) == offset
    assert text.split("\n")[row][:col] == text[index.starts[row]:offset]


def test_byte_columns_count_utf8_bytes():
    index = LineIndex.of("ab\nëç x\n")
    assert index.byte_column(1, 2) == 4  # ë and ç are two bytes each
    assert index.byte_column(0, 2) == 2


def test_find_span_exact_then_whitespace_insensitive():
    text = "She said: I told\nnobody  at school.\n"
    assert find_span(text, "I told") == [(10, 16)]
    (start, end), = find_span(text, "I told nobody at school")
    assert text[start:end] == "I told\nnobody  at school"
    assert find_span(text, "absent words") == []


def test_fold_and_find_folded_map_back_to_real_offsets():
    assert fold("Lushnjë") == "lushnje"
    import re

    text = "Në Lushnjë dhe LUSHNJE"
    spans = find_folded(text, re.compile("lushnje"))
    assert [text[a:b] for a, b in spans] == ["Lushnjë", "LUSHNJE"]
