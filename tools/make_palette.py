"""Choose the workbench's theme colours (vos_coder/core/palette.py), printed
as Python to paste there; tests/core/test_palette.py checks the result.

The colours are taken from the xterm 256-colour cube, so a 256-colour terminal
shows exactly what a truecolor one shows. Kept: colours readable as text on
the dark workbench (CIELAB L* 55-88, chroma >= 25) and at least MIN_DELTA_E
(CIEDE2000) from the plain text colour; of those, the largest set found whose
every pair is at least MIN_DELTA_E apart. ``--light``: the same for a light
theme (L* 25-55, contrast >= 3 on its surface). Needs coloraide (a test
dependency): python tools/make_palette.py [--light]
"""

from __future__ import annotations

import random
import sys

from coloraide import Color

MIN_DELTA_E = 18.0
FOREGROUND = "#e0e0e0"  # textual-dark's text
LEVELS = (0, 95, 135, 175, 215, 255)


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def main() -> None:
    light = "--light" in sys.argv  # for a light theme (textual-light): darker colours
    text, surface = ("#1f1f1f", "#d8d8d8") if light else (FOREGROUND, "#1e1e1e")
    lo, hi = (25, 55) if light else (55, 88)
    cube = [f"#{r:02x}{g:02x}{b:02x}" for r in LEVELS for g in LEVELS for b in LEVELS]
    lch = {h: Color(h).convert("lch") for h in cube}
    usable = [h for h in cube if lo <= lch[h]["lightness"] <= hi and lch[h]["chroma"] >= 25
              and de(h, text) >= MIN_DELTA_E and Color(h).contrast(surface, method="wcag21") >= 3]
    dist = {(a, b): de(a, b) for a in usable for b in usable if a != b}
    conflicts = {h: sum(1 for o in usable if o != h and dist[h, o] < MIN_DELTA_E) for h in usable}
    best: list[str] = []
    for seed in range(300):
        order = usable[:]
        random.Random(seed).shuffle(order)
        order.sort(key=conflicts.__getitem__)
        chosen: list[str] = []
        for h in order:
            if all(dist[h, c] >= MIN_DELTA_E for c in chosen):
                chosen.append(h)
        if len(chosen) > len(best):
            best = chosen
    best.sort(key=lambda h: (lch[h]["hue"] if lch[h]["hue"] == lch[h]["hue"] else 0))
    print(f"MIN_DELTA_E = {MIN_DELTA_E}")
    print("COLOURS_LIGHT = (" if light else "COLOURS = (")
    for h in best:
        print(f'    "{h}",')
    print(")")


if __name__ == "__main__":
    main()
