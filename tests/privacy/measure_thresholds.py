"""Print recall and false alarms for a grid of fuzzy thresholds (the table in
vos_coder/privacy/pseudonymise.py). Run: python -m tests.privacy.measure_thresholds"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import vos_coder.privacy.pseudonymise as ps
from tests.privacy.seeded import clean_text, key_file, seeded_text, words
from vos_coder.privacy.matching import clear_caches
from vos_coder.privacy.transform import find_all


def main() -> None:
    with TemporaryDirectory() as tmp:
        key = key_file(Path(tmp) / "t.key")
    clean = clean_text()
    print(f"clean text: {words(clean)} words")
    saved = ps.FUZZY_MIN_LEN, ps.LONG_LEN
    for fm, ll in [(4, 8), (5, 6), (5, 7), (5, 8), (5, 9), (6, 8)]:
        ps.FUZZY_MIN_LEN, ps.LONG_LEN = fm, ll
        clear_caches()  # the index is built with the thresholds
        total = found = 0
        for seed in range(20):
            text, spans = seeded_text(seed)
            hits = find_all(text, key)
            total += len(spans)
            found += sum(any(h.start <= s and h.end >= e and not h.advisory for h in hits)
                         for s, e, _ in spans)
        alarms = [h for h in find_all(clean, key) if not h.advisory]
        print(f"({fm}, {ll}) recall {100 * found / total:.2f}% ({found}/{total}), "
              f"false alarms {len(alarms)}: {sorted({h.text for h in alarms})}")
    ps.FUZZY_MIN_LEN, ps.LONG_LEN = saved
    clear_caches()


if __name__ == "__main__":
    main()
