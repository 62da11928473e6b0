"""Charts for reports with matplotlib (Agg backend, no display needed): bars
of shares labelled ``56% (n=28)``, and a heat map for theme co-occurrence.
PNG or SVG; deterministic (no dates in the metadata, fixed SVG ids)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from vos_coder.core.controls import visible
from vos_coder.exporters.gate import GateOptions, pre_export
from vos_coder.exporters.output import atomic_write, audit_export, check_target
from vos_coder.privacy.disclosure import Checked

SUFFIXES = (".png", ".svg")


def _save(fig: Figure, tmp: Path, fmt: str) -> None:
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    with matplotlib.rc_context({"svg.hashsalt": "vos-coder"}):
        fig.savefig(tmp, format=fmt, metadata=metadata, bbox_inches="tight", dpi=150)
    plt.close(fig)


def share_bars(labels: Sequence[str], counts: Sequence[int], totals: Sequence[int], title: str) -> Figure:
    """Horizontal bars of percentages, biggest on top, each labelled ``NN% (n=K)``."""
    from vos_coder.core.shares import percent, share

    fig, ax = plt.subplots(figsize=(8, 0.4 * max(len(labels), 3) + 1.2))
    values = [percent(n, t) for n, t in zip(counts, totals)]
    y = list(range(len(labels)))[::-1]
    bars = ax.barh(y, values, color="#4c78a8")
    ax.set_yticks(y, [visible(str(label)) for label in labels])
    for bar, n, t in zip(bars, counts, totals):
        ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, share(n, t), va="center", fontsize=8)
    ax.set_xlim(0, max([100, *values]) * 1.15)
    ax.set_xlabel("% of participants")
    ax.set_title(visible(title))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def heat_map(names: Sequence[str], matrix: Sequence[Sequence[int]], title: str) -> Figure:
    """A square heat map of co-occurrence counts with the counts written in."""
    size = max(4.0, 0.55 * len(names) + 2)
    fig, ax = plt.subplots(figsize=(size + 2, size))
    image = ax.imshow(matrix, cmap="Blues")
    names = [visible(str(n)) for n in names]
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    top = max((v for row in matrix for v in row), default=0)
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                        color="white" if v > top / 2 else "black")
    fig.colorbar(image, ax=ax, shrink=0.7, label="passages")
    ax.set_title(visible(title))
    return fig


def write_chart(project: Any, fig: Figure, out: Path, what: str, count: int,
                filters: dict[str, Any], force: bool = False, *, declared: Sequence[Checked],
                gate_options: GateOptions | None = None) -> str:
    """Save a figure atomically as PNG or SVG and audit it; returns the SHA-256.
    ``declared`` holds the fields its labels and title come from (theme
    names, attribute names and values, group names); they pass the
    disclosure gate first."""
    try:
        out = check_target(Path(out), SUFFIXES, force, fix="end --out in .png or .svg")
        pre_export(project, declared, what=f"{what} chart", options=gate_options)
    except BaseException:
        plt.close(fig)
        raise
    fmt = out.suffix.lower().lstrip(".")
    digest = atomic_write(out, lambda tmp: _save(fig, tmp, fmt))
    audit_export(project, what, out, fmt, count, digest, filters)
    return digest
