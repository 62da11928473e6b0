"""Confidentiality commands: identifier lists, the disclosure check,
redaction, corrections, backup and the audit log."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import (
    DEFAULT_DB,
    DbOpt,
    Format,
    FormatOpt,
    emit,
    err,
    project,
    sub_app,
    warn_emptied,
)
from vos_coder.cli.gate_opts import KeyOpt
from vos_coder.errors import InvalidInput, NotFound, ProjectError, VosError
from vos_coder.privacy.disclosure import Hit, blocking, check_project, open_hits
from vos_coder.privacy.keyfile import (
    KINDS,
    Identifier,
    KeyMissing,
    load_key,
    missing_key_message,
    open_key,
    resolve_key_path,
)
from vos_coder.privacy.pseudonymise import Match, find_identifiers
from vos_coder.privacy.transform import Pseudonymiser

identifiers_app = sub_app("Identifier lists (names, places, schools...) kept in the key file, "
                          "never in the project.")
check_app = typer.Typer(help="The disclosure check over everything that can leave the project. "
                        "Exit status: 0 clean (advisory hits alone are shown, not counted); "
                        "1 hits found (not dismissed); 3 could not check fully (no key file with the identifier list, or the project could not be "
                        "read). It scans source texts, speaker labels, excerpts, display texts, "
                        "memos, theme names and notes, participant ids, groups, attributes, source "
                        "titles and file names, and says where each hit is. "
                        "Example: vos-coder check --key /secure/albania.key",
                        invoke_without_command=True, rich_markup_mode=None,
                        pretty_exceptions_enable=False)


CLEAN, HITS, INCOMPLETE = 0, 1, 3  # the check's exit statuses


def _project_passphrase(db: Path) -> str | None:
    """A new key file of an encrypted project is sealed with its passphrase."""
    from vos_coder.cli._common import use_terminal_prompt
    from vos_coder.store.encryption import project_passphrase

    use_terminal_prompt()
    return project_passphrase(db)


def key_path(db: Path, key: Path | None) -> Path:
    return resolve_key_path(db, key)


def project_key(db: Path, key: Path | None) -> Path:
    """The key file of an existing project: the key belongs to a project, so a
    mistyped --db is refused instead of writing a stray key file."""
    if not db.is_file():
        raise ProjectError(f"{db} is not a vos-coder project (no such file); identifiers belong "
                           "to a project: check --db, or create one with: vos-coder init --db PATH")
    with project(db):
        pass  # opening checks it is a project
    return key_path(db, key)


# -- identifiers -------------------------------------------------------------------
@identifiers_app.command("add")
def identifiers_add(
    value: Annotated[str, typer.Argument(help="The identifying value, e.g. a full name.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(KINDS)}.")] = "person",
    participant: Annotated[str, typer.Option(
        help="Whose identifier this is (default: project-wide).")] = "",
    replacement: Annotated[str | None, typer.Option(
        help="Placeholder to use (default: [NAME-n], [TOWN], [SCHOOL]...).")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
) -> None:
    """Add an identifier to the key file (created 0600 beside the project).

    Example: vos-coder identifiers add "Ardita Hoxha" --kind person --participant VoS-AL-01
    """
    path = project_key(db, key)
    kf = open_key(path, _project_passphrase(db))
    ident = kf.add(kind, value, participant, replacement)
    kf.save()
    typer.echo(f"{ident.kind} -> {ident.placeholder} ({ident.participant or 'project'}) in {path}")


@identifiers_app.command("list")
def identifiers_list(
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the identifiers in the key file with their placeholders.

    Example: vos-coder identifiers list --key study.key
    """
    kf = load_key(key_path(db, key), must_exist=True)
    rows = [{"participant": i.participant or "(project)", "kind": i.kind, "value": i.value,
             "placeholder": i.placeholder} for i in kf.identifiers]  # type: ignore[union-attr]
    emit(rows, fmt, title="Identifiers", empty="the key file holds no identifiers")


@identifiers_app.command("import")
def identifiers_import(
    csv_file: Annotated[Path, typer.Argument(
        help="CSV with columns participant, kind, value[, replacement].")],
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
) -> None:
    """Add identifiers from a CSV file; a bad row adds nothing.

    Example: vos-coder identifiers import identifiers.csv
    """
    path = project_key(db, key)
    kf = open_key(path, _project_passphrase(db))
    added = kf.import_csv(csv_file)
    kf.save()
    typer.echo(f"added {added} identifier(s) to {path} ({len(kf.identifiers)} in all)")


# -- pseudonymisation at import ---------------------------------------------------------
def _confirm_table(pid: str, text: str, matches: Sequence[Match]) -> list[Match]:
    from rich.table import Table

    from vos_coder.cli._common import console
    from vos_coder.cli._common import text as shown

    title = f"Proposed replacements for {pid}"
    table = Table(title=shown(title), header_style="bold", min_width=len(title))
    for col in ("#", "line", "found", "kind", "how", "becomes"):
        table.add_column(col)
    for n, m in enumerate(matches, start=1):
        table.add_row(str(n), str(text.count("\n", 0, m.start) + 1), shown(m.text), shown(m.kind),
                      shown(m.how + (" (advisory: an ordinary word, kept)" if m.advisory else "")),
                      shown(m.placeholder))
    console(stderr=True).print(table)
    answer = typer.prompt("Numbers to reject (e.g. 2,5), Enter to apply all, q to cancel",
                          default="", show_default=False, err=True).strip()
    if answer.lower() in ("q", "quit"):
        raise VosError(f"{pid}: import cancelled; nothing of this file was stored")
    rejected: set[int] = set()
    for part in answer.replace(" ", ",").split(","):
        if part.strip():
            if not part.strip().isdigit() or not 1 <= int(part) <= len(matches):
                raise InvalidInput(f"{part!r} is not a number between 1 and {len(matches)}")
            rejected.add(int(part))
    return [m for n, m in enumerate(matches, start=1) if n not in rejected]


def make_pseudonymiser(db: Path, key: Path | None, yes: bool, save_mapping: bool) -> Pseudonymiser:
    """The import transform for `vos-coder import --pseudonymise`."""
    path = key_path(db, key)
    kf = load_key(path)
    if kf is None:
        err(f"warning: no identifier list at {path}; only the pattern detectors run "
            "(add names with: vos-coder identifiers add)")
    if save_mapping and kf is None:
        raise InvalidInput("--save-mapping needs a key file; add identifiers first")
    return Pseudonymiser(kf, None if yes else _confirm_table, save_mapping)


def finish_pseudonymiser(p: object, t: Pseudonymiser) -> None:
    """Audit the replacements and write the mapping if asked."""
    with p.transaction():  # type: ignore[attr-defined]
        p.audit("import.pseudonymise", replaced=t.replaced, rejected=t.rejected,  # type: ignore
                by_kind=t.by_kind, identifier_list=t.had_key, speakers_added=t.speakers_added)
    if t.key_changed and t.had_key and t.key is not None:
        t.key.save()
        err(f"added {t.speakers_added} speaker name(s) to {t.key.path} as identifiers")
    kept = f", {t.advisory} advisory kept (ordinary words; see vos-coder check)" if t.advisory \
        else ""
    typer.echo(f"pseudonymised: {t.replaced} replacement(s), {t.rejected} rejected{kept}")
    if t.save_mapping and t.had_key and t.key is not None:
        t.key.save()
        err(f"warning: the placeholder -> original mapping is now in {t.key.path}; it re-identifies "
            "participants: keep it away from coders and backups of the project")


# -- the check ------------------------------------------------------------------------------
def _located(p: object, h: Hit) -> str:
    """Where a hit is: source, turn and offset for text, else the field."""
    parts = h.place.split()
    if len(parts) == 2 and parts[0] == "source" and parts[1].isdigit():
        turn = p.turn_at(int(parts[1]), h.offset)  # type: ignore[attr-defined]
        at = f"source {parts[1]}" + (f" turn {turn.n}" if turn else "") + f" offset {h.offset}"
        return at if h.where.startswith("source") else f"{h.where}; {at}"
    return h.where + (f" offset {h.offset}" if h.offset else "")


@check_app.callback()
def check(
    ctx: typer.Context,
    participant: Annotated[str | None, typer.Option(help="Only this participant's texts.")] = None,
    theme: Annotated[str | None, typer.Option(help="Only excerpts coded with this theme.")] = None,
    all_hits: Annotated[bool, typer.Option("--all", help="Show dismissed hits too.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Scan everything that can leave the project for identifying details:
    source texts, speaker labels, excerpts, display texts, memos, theme names
    and notes, participant identifiers, groups, attributes, source titles and
    file names, the study and coder names. Each hit says where it is (source,
    turn and offset, or the field).

    Exit status: 0 clean; 1 hits found (not dismissed); 3 could not check
    fully (no key file with the identifier list: only the pattern detectors
    ran, or the project could not be read).

    Examples:

      vos-coder check --participant VoS-AL-04

      vos-coder check --key /secure/albania.key

      vos-coder check dismiss 3f9a1c2b7d10e4a5

      vos-coder check fix 3f9a1c2b7d10e4a5 --as "[NAME-1]"
    """
    if ctx.invoked_subcommand is not None:
        return
    path = key_path(db, key)
    try:
        kf = load_key(path)
        with project(db) as p:
            hits = _check_with_bar(p, kf, participant, theme)
            remaining = blocking(hits)
            located = {h.fingerprint: _located(p, h) for h in hits}
            with p.transaction():
                p.audit("check", hits=len(hits), open=len(remaining), participant=participant,
                        theme=theme, identifier_list=kf is not None)
    except VosError as exc:
        err(f"Error: could not check: {exc}")
        raise typer.Exit(INCOMPLETE) from None
    shown = hits if all_hits else open_hits(hits)  # advisory ones too: visible, not blocking
    rows = [{"hit": h.fingerprint, "participant": h.participant, "where": located[h.fingerprint],
             "place": h.place, "offset": h.offset,
             "matched": h.matched, "kind": h.kind, "score": h.score,
             "how": h.how + (" (advisory)" if h.advisory and fmt is Format.table else ""),
             "advisory": h.advisory, "suggestion": h.suggestion, "dismissed": h.dismissed}
            for h in shown]
    emit(rows, fmt, ["hit", "participant", "where", "matched", "kind", "score", "how", "suggestion"]
         + (["dismissed"] if all_hits else []) if fmt is Format.table else None,
         title="Disclosure check", empty="no disclosure hits" + ("" if kf else " from the pattern detectors"))
    if kf is None:
        err(f"could not check fully: {missing_key_message(path)}; only the pattern detectors ran")
        raise typer.Exit(INCOMPLETE)
    if remaining:
        err(f"{len(remaining)} hit(s): fix one with vos-coder check fix HIT (or vos-coder redact), "
            "or mark a false positive with vos-coder check dismiss HIT")
        raise typer.Exit(HITS)


def _check_with_bar(p, kf, participant: str | None, theme: str | None) -> list[Hit]:
    """check_project, with a progress bar over the strings checked (on a terminal)."""
    from vos_coder.cli._bulk import progress_bar, ticking
    from vos_coder.privacy.disclosure import check_texts
    from vos_coder.privacy.outgoing import everything

    items = list(everything(p, participant, theme))
    with progress_bar(len(items), "checking") as advance:
        return check_texts(ticking(items, advance), kf, p.dismissed_fingerprints())


@check_app.command("dismiss")
def check_dismiss(
    hits: Annotated[list[str], typer.Argument(help="Hit ids from the check's 'hit' column.")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Mark hits as false positives (kept in the project, shown in the audit log).

    Example: vos-coder check dismiss 3f9a1c2b7d10
    """
    with project(db) as p:
        for h in hits:
            new = p.dismiss_hit(h)
            typer.echo(f"{h}: {'dismissed' if new else 'already dismissed'}")


@check_app.command("fix")
def check_fix(
    hit: Annotated[str, typer.Argument(help="A hit id from the check's 'hit' column.")],
    as_: Annotated[str | None, typer.Option(
        "--as", help="What replaces it (default: the hit's suggestion, e.g. [NAME-1]).")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
) -> None:
    """Redact a hit where it lives: every form of the matched text in the
    hit's source is replaced and the codings stay on the same words.

    Example: vos-coder check fix 3f9a1c2b7d10 --as "[NAME-1]"
    """
    path = key_path(db, key)
    kf = load_key(path)
    if kf is None:
        raise KeyMissing(missing_key_message(path))
    with project(db) as p:
        found = [h for h in check_project(p, kf) if h.fingerprint == hit.strip().lower()]
        if not found:
            raise NotFound("disclosure hit", hit)
        h = found[0]
        parts = h.place.split()
        if not (len(parts) == 2 and parts[0] == "source" and parts[1].isdigit()):
            raise InvalidInput(f"hit {hit} is in the {h.where}, not in a transcript; edit that "
                               "field (theme, memo, attribute...) and run the check again")
        source_id = int(parts[1])
        placeholder = (as_ or h.suggestion).strip()
        text = p.source_text(source_id)
        spans = [(m.start, m.end, placeholder) for m in find_identifiers(
            text, [Identifier("", h.kind, h.matched, placeholder)])]
        if not spans:  # a pattern hit (phone, e-mail...): its exact text
            start = text.find(h.matched)
            while start != -1:
                spans.append((start, start + len(h.matched), placeholder))
                start = text.find(h.matched, start + len(h.matched))
        if not spans:
            raise NotFound(f"text in source {source_id}", h.matched)
        counts = p.edit_source_text(source_id, spans, "redact", placeholder=placeholder, hit=h.fingerprint)
    typer.echo(f"source {source_id}: {len(spans)} occurrence(s) replaced with {placeholder}; "
               f"{counts['excerpts moved']} excerpt(s) re-anchored")
    warn_emptied(source_id, counts)


# -- redaction, correction ---------------------------------------------------------------
def redact(
    source: Annotated[str, typer.Argument(help="Source id, title, or participant identifier.")],
    match: Annotated[str, typer.Option("--match", help="The text to remove (all its forms).")],
    as_: Annotated[str, typer.Option("--as", help='What replaces it, e.g. "[NAME-1]".')],
    exact: Annotated[bool, typer.Option(
        help="Only exact occurrences (default: also inflected, accent-free, misspelt forms).")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Replace a name (in all its forms) in a stored source; every coding stays
    on the same words and the removed text is scrubbed from the file.

    Example: vos-coder redact VoS-AL-04 --match "Ardita" --as "[NAME-1]"
    """
    if not match.strip() or not as_.strip():
        raise InvalidInput("--match and --as must not be empty")
    again = ("run the same command again to finish: vos-coder redact "
             + " ".join(shlex.quote(a) for a in (source, "--match", match, "--as", as_))
             + (" --exact" if exact else ""))
    with project(db) as p:
        s = p.source(source)
        text = p.source_text(s.id)
        if exact:
            spans = []
            start = text.find(match)
            while start != -1:
                spans.append((start, start + len(match), as_))
                start = text.find(match, start + len(match))
        else:
            found = find_identifiers(text, [Identifier("", "other", match, as_)])
            spans = [(m.start, m.end, as_) for m in found]
        if not spans and as_ in text:
            # Run again after a redaction whose scrub stopped (a full disk): the text is
            # already replaced, so finish the scrub.
            p.scrub(done=f"the text of source {s.id} is changed", again=again)
            typer.echo(f"source {s.id}: no {match!r} left ({as_} already in place); "
                       "the file is scrubbed")
            return
        if not spans:
            raise NotFound("text in source " + str(s.id), match)
        counts = p.edit_source_text(s.id, spans, "redact", again=again, placeholder=as_)
    typer.echo(f"source {s.id}: {len(spans)} occurrence(s) replaced with {as_}; "
               f"{counts['excerpts moved']} excerpt(s) re-anchored, "
               f"{counts['display texts cleared']} display text(s) cleared")
    warn_emptied(s.id, counts)


# -- backup, audit -------------------------------------------------------------------------
def backup(
    out: Annotated[Path, typer.Option("--out", help="The backup file to create (must not exist).")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Copy the project with SQLite's online backup API into a new 0600 file.

    Example: vos-coder backup --out backups/vos-2026-11-29.db
    """
    with project(db) as p:
        path = p.backup(out)
    typer.echo(f"backed up to {path}")


def audit(
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. export.override.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the last N rows.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """Show the audit log: who did what, when (never passage text).

    Example: vos-coder audit --action participant.purge
    """
    with project(db) as p:
        rows = [{"id": a.id, "at": a.at, "actor": a.actor, "action": a.action,
                 "details": a.details if fmt is not Format.table else
                 ", ".join(f"{k}={v}" for k, v in a.details.items())}
                for a in p.audit_log(action, limit)]
    emit(rows, fmt, title="Audit log", empty="the audit log is empty")


def register(app: typer.Typer) -> None:
    """Add the confidentiality commands to the main app."""
    app.add_typer(identifiers_app, name="identifiers")
    app.add_typer(check_app, name="check")
    app.command("redact")(redact)
    app.command("backup")(backup)
    app.command("audit")(audit)
