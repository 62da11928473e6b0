"""Read a CSV codebook with Taguette's own codebook importer and say what it
would create. Not part of the test suite; vos-coder does not depend on it.

It needs a Taguette source checkout (https://gitlab.com/remram44/taguette, the
folder holding the ``taguette`` package) and a separate Python environment
with what that importer loads (chardet, sentry-sdk). For example::

    python3 -m venv /tmp/tgvenv
    /tmp/tgvenv/bin/pip install chardet sentry-sdk
    vos-coder themes export --format taguette-csv --out for-taguette.csv
    /tmp/tgvenv/bin/python tools/taguette_check.py --taguette ~/taguette for-taguette.csv

Prints each tag Taguette would make (its path, and the first words of its
description) after the checks Taguette's web API applies to a tag path, and
exits non-zero if Taguette would refuse the file or any tag.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taguette", type=Path, required=True,
                    help="folder holding Taguette's 'taguette' package")
    ap.add_argument("csv", type=Path)
    args = ap.parse_args()
    sys.path.insert(0, str(args.taguette.resolve()))
    from taguette import validate
    from taguette.import_codebook import InvalidCodebook, list_tags

    try:
        with args.csv.open("rb") as fh:
            tags = list_tags(fh)
    except InvalidCodebook as exc:
        print(f"Taguette refuses {args.csv.name}: {exc.message} (row {exc.row})")
        return 1
    refused = 0
    for tag in tags:
        try:
            validate.tag_path(tag["path"])
            validate.description(tag["description"])
        except Exception as exc:  # noqa: BLE001 - report what Taguette's validation raised
            refused += 1
            print(f"refused: {tag['path']!r}: {exc}")
            continue
        print(f"tag {tag['path']!r}: {tag['description'][:50]!r}")
    print(f"{len(tags)} tag(s) read, {refused} refused")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
