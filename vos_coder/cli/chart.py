"""`vos-coder chart`: figures for reports (PNG or SVG), or the same numbers as
bars in the terminal when no --out is given."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vos_coder.analysis.stats import attribute_tables, cooccurrence
from vos_coder.cli._common import DEFAULT_DB, DbOpt, project, sub_app
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.core.shares import percent, share
from vos_coder.errors import InvalidInput

app = sub_app("Charts for reports: bar charts of shares with n labels, a heat map for co-occurrence.")

OutOpt = Annotated[Path | None, typer.Option(
    help="Write the chart to this file (.png or .svg); without it, bars are drawn in the terminal.")]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite the --out file if it exists.")]
GroupOpt = Annotated[str | None, typer.Option(help="Only participants of this group (the denominator too).")]


def terminal_bars(title: str, labels: list[str], counts: list[int], totals: list[int], width: int = 30,
                  texts: list[str] | None = None) -> None:
    """Bars of percentages drawn with block characters (plain text, no markup)."""
    typer.echo(title)
    if not labels:
        typer.echo("  (nothing to show)")
        return
    pad = min(max(len(label) for label in labels), 48)
    for i, (label, n, t) in enumerate(zip(labels, counts, totals)):
        bar = "█" * round(width * percent(n, t) / 100)
        typer.echo(f"  {label[:pad]:<{pad}} {bar:<{width}} {texts[i] if texts else share(n, t)}")


@app.command("themes")
def themes(
    group: GroupOpt = None,
    top_level: Annotated[bool, typer.Option("--top-level", help="Only top-level themes.")] = False,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Share of participants per theme, `NN% (n=K)`, as bars.

    Example: vos-coder chart themes --group survivor --out themes.png
    """
    with project(db) as p:
        stats = [s for s in p.theme_stats(group) if not top_level or s.theme.depth == 0]
        labels = ["  " * s.theme.depth + s.theme.name for s in stats]
        counts, totals = [s.participants for s in stats], [s.in_scope for s in stats]
        title = f"Participants per theme ({group or 'all groups'})"
        if out is None:
            terminal_bars(title, labels, counts, totals)
            return
        from vos_coder.exporters import declared
        from vos_coder.exporters.charts import share_bars, write_chart

        write_chart(p, share_bars([x.strip() for x in labels], counts, totals, title), out,
                    "chart.themes", len(labels), {"group": group, "top_level": top_level}, force,
                    declared=declared.themes_of(p, [s.theme.path for s in stats])
                    + declared.group_fields(p, [group]),
                    gate_options=gate_options(key, no_identifier_list, allow_flagged))
    typer.echo(f"wrote {out}")


@app.command("attributes")
def attributes(
    name: Annotated[str, typer.Argument(metavar="ATTR", help="The attribute (a multi-select question too).")],
    group: GroupOpt = None,
    bins: Annotated[str | None, typer.Option(
        metavar="EDGES", help="A numeric attribute: bars per band with these edges, e.g. 0,5,10,20.")] = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """One attribute's values by share, as bars labelled `56% (n=28)`.

    A numeric attribute (every value a number) is charted by bands: --bins.

    Example: vos-coder chart attributes disclosure_barriers --group "frontline worker" --out barriers.svg
    """
    from vos_coder.analysis.stats import parse_bins
    from vos_coder.errors import InvalidInput

    edges = parse_bins(bins) if bins is not None else None
    with project(db) as p:
        table = attribute_tables(p, group, [name], edges)[0]
        if table.numeric is not None and not edges:
            raise InvalidInput(f"{name} is numeric ({table.numeric.text}); chart it by bands "
                               "with --bins, e.g. --bins 0,5,10,20")
        if edges and table.numeric is None:
            raise InvalidInput(f"--bins: {name} is not numeric (every value a number); leave "
                               "--bins out")
        labels = [f.value for f in table.rows]
        counts, totals = [f.n for f in table.rows], [f.total for f in table.rows]
        title = f"{name} ({table.respondents} participants)"
        if out is None:
            terminal_bars(title, labels, counts, totals)
            return
        from vos_coder.exporters import declared
        from vos_coder.exporters.charts import share_bars, write_chart

        write_chart(p, share_bars(labels, counts, totals, title), out, "chart.attributes", len(labels),
                    {"group": group, "attribute": name, "bins": bins}, force,
                    declared=declared.attribute_fields(p, [name], group),
                    gate_options=gate_options(key, no_identifier_list, allow_flagged))
    typer.echo(f"wrote {out}")


@app.command("cooccurrence")
def cooccurrence_(
    group: GroupOpt = None,
    min_count: Annotated[int, typer.Option("--min", min=1, help="Only pairs found in at least N passages.")] = 1,
    out: OutOpt = None,
    force: ForceOpt = False,
    allow_flagged: AllowFlaggedOpt = False,
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """A heat map of themes found together (passage pairs per theme pair).

    Example: vos-coder chart cooccurrence --min 2 --out together.png
    """
    with project(db) as p:
        pairs = cooccurrence(p, group, min_count)
        if out is None:
            top = max((c.passages for c in pairs), default=1)
            terminal_bars("Themes found together (passage pairs)",
                          [f"{c.theme_a.split('/')[-1]} + {c.theme_b.split('/')[-1]}" for c in pairs],
                          [c.passages for c in pairs], [top] * len(pairs),
                          texts=[f"{c.passages} passage pair(s), {c.participants} participant(s)" for c in pairs])
            return
        if not pairs:
            raise InvalidInput("no themes occur together; nothing to draw (try a lower --min)")
        order = [t.path for t in p.themes()]
        used = sorted({x for c in pairs for x in (c.theme_a, c.theme_b)}, key=order.index)
        index = {path: i for i, path in enumerate(used)}
        matrix = [[0] * len(used) for _ in used]
        for c in pairs:
            a, b = index[c.theme_a], index[c.theme_b]
            matrix[a][b] = matrix[b][a] = c.passages
        from vos_coder.exporters import declared
        from vos_coder.exporters.charts import heat_map, write_chart

        write_chart(p, heat_map([u.split("/")[-1] for u in used], matrix, "Themes found together"),
                    out, "chart.cooccurrence", len(pairs), {"group": group, "min": min_count}, force,
                    declared=declared.themes_of(p, used),
                    gate_options=gate_options(key, no_identifier_list, allow_flagged))
    typer.echo(f"wrote {out}")
