"""`vos-coder verify DRAFT`: check every quotation of a report draft against
the project's sources, as a gate before the report is published."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vos_coder.cli._common import DEFAULT_DB, DbOpt, err, project
from vos_coder.errors import VosError

if TYPE_CHECKING:
    from vos_coder.verify import Report


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _print_table(report: Report) -> None:
    """One row per quotation, then what is wrong with each failing one, then
    the count per verdict. User text is always Text(), never markup."""
    from rich.table import Table

    from vos_coder.cli._common import console as make_console
    from vos_coder.cli._common import text as Text  # visible controls, never markup

    console = make_console(soft_wrap=False)
    table = Table(title=Text(f"Quotations in {report.draft.name}"), header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("identifier", overflow="fold")
    table.add_column("verdict", overflow="fold")
    table.add_column("found in", no_wrap=True)
    table.add_column("quotation", overflow="fold", ratio=1)
    for v in report.verdicts:
        found = v.match.source.participant if v.match else "—"
        ident = v.quote.identifier or (v.quote.attribution and f"({v.quote.attribution})") or "—"
        table.add_row(Text(str(v.quote.n)), Text(v.quote.where), Text(ident),
                      Text(v.verdict, style="green" if v.ok else "bold red"), Text(found),
                      Text(_short(v.quote.text, 60)))
    console.print(table)
    lines = make_console(soft_wrap=True)  # details are never cut or folded
    for v in report.verdicts:
        if v.ok:
            continue
        lines.print(Text(f"#{v.quote.n} ({v.quote.where}) {v.verdict}", style="bold"))
        for note in v.notes:
            lines.print(Text(f"  - {note}"))
    summary = Table(title="Summary", header_style="bold")
    summary.add_column("verdict")
    summary.add_column("quotations", justify="right")
    for name, n in report.counts().items():
        if n:
            summary.add_row(Text(name), Text(str(n)))
    console.print(summary)


def verify(
    draft: Annotated[Path, typer.Argument(help="The report draft: .docx, .md, .txt or .html.",
                                          show_default=False)],
    db: DbOpt = Path(DEFAULT_DB),
    fmt: Annotated[VerifyFormat, typer.Option(
        "--format", "-f", help="table for people, json for scripts.")] = VerifyFormat.table,
    key: Annotated[Path | None, typer.Option(
        "--key", envvar="VOS_CODER_KEY", show_default=False,
        help="Key file with the identifier lists for the disclosure check "
             "(default: the project file's name with .key, when it exists).")] = None,
) -> None:
    """Check every quotation in a report draft against the project's sources.

    Each quotation (text in quotation marks, quote-styled or indented
    paragraphs, blockquotes) is matched with the identifier near it and gets
    one verdict: exact, faithful (differs only by […], [added words],
    whitespace or quotation-mark style), altered (with a word diff), not found,
    wrong attribution, withdrawn participant, not an approved quote, or
    flagged identifier. Exit status: 0 when every quotation is exact or
    faithful, 1 while any is not (so it can gate a release), 2 when the check
    could not run (bad draft, no project, unreadable key file).

    Example: vos-coder verify report-draft.docx --db study.db --format json
    """
    from vos_coder.verify import verify_draft

    try:
        with project(db) as p:
            report = verify_draft(p, draft, key_path=key)
    except VosError as exc:
        exc.exit_code = max(exc.exit_code, 2)  # 1 means "quotations fail", not "could not check"
        raise
    if fmt is VerifyFormat.json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif report.verdicts:
        _print_table(report)
    if not report.disclosure_checked:
        err("note: the disclosure check is not available here, so no quotation was checked "
            "for identifying details")
    if not report.verdicts:
        err(f"no quotations found in {draft.name} (a quotation is text in quotation marks, "
            "a quote-styled or indented paragraph, or a blockquote)")
        return
    bad = sum(1 for v in report.verdicts if not v.ok)
    if bad:
        err(f"{bad} of {len(report.verdicts)} quotations are not exact or faithful")
        raise typer.Exit(1)
    err(f"all {len(report.verdicts)} quotations are exact or faithful")


def register(app: typer.Typer) -> None:
    """Add `verify` to the top-level command group."""
    app.command("verify")(verify)
