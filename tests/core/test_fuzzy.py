from vos_coder.core.fuzzy import closest, rank

LABELS = {
    1: "Reporting mechanisms",
    2: "Reporting mechanisms/Legislation and punishment",
    3: "Support services/Remote support by phone or online",
    4: "Stigma and shame/Culture of silence",
    5: "Reporting mechanisms/Awareness of reporting mechanisms and hotlines",
}


def test_picker_ranks_the_label_containing_the_word_first_and_drops_noise():
    assert [key for key, _label, _score in rank("remote", LABELS, cutoff=60)] == [3]
    assert rank("silnce", LABELS, cutoff=60)[0][0] == 4  # a typing error
    assert [key for key, *_ in rank("", LABELS)] == [1, 2, 3, 4, 5]


def test_closest_suggests_typing_errors_not_long_unrelated_paths():
    paths = list(LABELS.values())
    assert closest("Culture of silense", paths) == ["Stigma and shame/Culture of silence"]
    assert closest("VoS-AL-44", paths) == []
