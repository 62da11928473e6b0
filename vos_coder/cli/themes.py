"""`vos-coder themes`: the codebook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from vos_coder.cli._common import (
    DEFAULT_DB,
    CoderOpt,
    DbOpt,
    Format,
    FormatOpt,
    emit,
    err,
    project,
    sub_app,
)
from vos_coder.cli.gate_opts import AllowFlaggedOpt, KeyOpt, NoListOpt, gate_options
from vos_coder.errors import InvalidInput

app = sub_app("The codebook: list, add, rename, move, merge, delete, describe, export, import themes; "
              "the workbench's quick keys.")

ThemeArg = Annotated[str, typer.Argument(help="Theme path (Stigma and shame/Culture of silence) or unique name.")]


@app.command("list")
def list_(db: DbOpt = Path(DEFAULT_DB), fmt: FormatOpt = Format.table) -> None:
    """The theme tree with excerpt and participant counts (of the participants' own words:
    a coded passage the interviewer spoke is not counted).

    Example: vos-coder themes list --format json
    """
    with project(db) as p:
        rows = [{"theme": s.theme.path, "name": ("  " * s.theme.depth) + s.theme.name,
                 "excerpts": s.excerpts, "participants": s.participants, "colour": s.theme.colour,
                 "description": s.theme.description} for s in p.theme_stats()]
    cols = ["name", "excerpts", "participants", "colour"] if fmt is Format.table else \
        ["theme", "excerpts", "participants", "colour", "description"]
    emit(rows, fmt, cols, title="Codebook", empty="the codebook is empty; add a theme with: vos-coder themes add NAME")


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The new theme's name.")],
    parent: Annotated[str | None, typer.Option(help="Parent theme (default: top level).")] = None,
    description: Annotated[str, typer.Option(help="What the theme means.")] = "",
    colour: Annotated[str, typer.Option(help="Hex colour, e.g. #4c78a8 (default: next in palette).")] = "",
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Add a theme.

    Example: vos-coder themes add "Peer support" --parent "Support services"
    """
    with project(db) as p:
        t = p.add_theme(name, parent, description=description, colour=colour)
    typer.echo(f"added {t.path}")


@app.command()
def rename(theme: ThemeArg, new_name: str, db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Rename a theme (its codings stay).

    Example: vos-coder themes rename "Range of support" "Kinds of support"
    """
    with project(db) as p:
        t = p.rename_theme(theme, new_name)
    typer.echo(f"renamed to {t.path}")


@app.command()
def move(
    theme: ThemeArg,
    parent: Annotated[str | None, typer.Option(help="New parent; leave out for the top level.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Move a theme (with its sub-themes) under another parent.

    Example: vos-coder themes move "Culture of silence" --parent "Reporting mechanisms"
    """
    with project(db) as p:
        t = p.move_theme(theme, parent)
    typer.echo(f"moved to {t.path}")


@app.command()
def merge(
    theme: ThemeArg,
    into: Annotated[str, typer.Option(help="The theme that receives the codings.")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Merge a theme into another: its codings and sub-themes move, it is deleted.

    Example: vos-coder themes merge "Sexuality as taboo" --into "Culture of silence"
    """
    with project(db) as p:
        t = p.merge_theme(theme, into)
    typer.echo(f"merged into {t.path}")


@app.command()
def delete(
    theme: ThemeArg,
    force: Annotated[bool, typer.Option(help="Delete its codings too.")] = False,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Delete a theme and its sub-themes; refuses while codings exist unless --force.

    Example: vos-coder themes delete "Compensation and remedies"
    """
    with project(db) as p:
        n = p.delete_theme(theme, force=force)
    typer.echo(f"deleted {theme}" + (f" and {n} coding(s)" if n else ""))


@app.command()
def describe(
    theme: ThemeArg,
    description: Annotated[str | None, typer.Option(help="What the theme means.")] = None,
    inclusion: Annotated[str | None, typer.Option(help="When to apply it.")] = None,
    exclusion: Annotated[str | None, typer.Option(help="When not to apply it.")] = None,
    colour: Annotated[str | None, typer.Option(help="Hex colour, e.g. #e45756.")] = None,
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Show a theme's definition, or change it with the options.

    Example: vos-coder themes describe "Culture of silence" --inclusion "Not telling anyone..."
    """
    with project(db) as p:
        t = p.describe_theme(theme, description=description, inclusion=inclusion,
                             exclusion=exclusion, colour=colour)
    typer.echo(t.path)
    for label, value in (("colour", t.colour), ("description", t.description),
                         ("inclusion", t.inclusion), ("exclusion", t.exclusion)):
        if value:
            typer.echo(f"  {label}: {value}")


@app.command()
def keys(
    digit: Annotated[int | None, typer.Argument(metavar="[DIGIT]", help="A digit 1-9 to assign or --clear.")] = None,
    theme: Annotated[str | None, typer.Argument(metavar="[THEME]", help="The theme the digit codes with (path or unique name).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Free DIGIT (it codes with nothing).")] = False,
    reset: Annotated[bool, typer.Option(
        "--reset", help="Back to the default: the first nine themes in codebook order.")] = False,
    coder: CoderOpt = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
) -> None:
    """The workbench's quick keys 1-9 of a coder: list them, or assign one.

    Each coder keeps their own; a coder who has assigned none gets the first
    nine themes in codebook order. The first assignment keeps the other
    digits as they were shown.

    Examples:

      vos-coder themes keys --coder ana

      vos-coder themes keys 3 "Culture of silence" --coder ana

      vos-coder themes keys 3 --clear

      vos-coder themes keys --reset
    """
    from vos_coder.core.quick_keys import DEFAULT_RULE
    from vos_coder.store._base import default_actor

    who = coder or default_actor()
    if reset and (digit is not None or clear):
        raise InvalidInput("--reset takes no DIGIT and no --clear")
    if digit is None and (theme is not None or clear):
        raise InvalidInput("give the DIGIT (1-9) to assign or clear")
    if digit is not None and (theme is None) == (not clear):
        raise InvalidInput(f"give a THEME for {digit}, or --clear to free it (not both)")
    with project(db) as p:
        if reset:
            k = p.reset_quick_keys(who)
        elif digit is not None:
            k = p.set_quick_key(who, digit, None if clear else theme)
        else:
            k = p.quick_keys(who)
    rows = [{"key": d, "theme": t.path} for d, t in sorted(k.themes.items())]
    if fmt is Format.json:
        typer.echo(json.dumps({"coder": who, "default": k.default, "keys": rows}, ensure_ascii=False, indent=2))
        return
    emit(rows, fmt, ["key", "theme"], title=f"Quick keys of {who}",
         empty=f"{who} has no quick keys: the codebook is empty")
    if k.default and fmt is Format.table:
        err(f"{who} has assigned none: the default ({DEFAULT_RULE})")


CODEBOOK_SUFFIXES = {"yaml": (".yaml", ".yml"), "json": (".json",), "qdc": (".qdc",),
                     "taguette-csv": (".csv",)}
MAX_CODEBOOK = 64 * 1024 * 1024


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="File to write: .yaml, .yml, .json, .qdc or .csv.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="yaml, json, qdc (a REFI-QDA "
                                            "codebook for NVivo, ATLAS.ti, QualCoder...) or "
                                            "taguette-csv (tag paths for Taguette); default: "
                                            "from --out.")] = None,
    with_memos: Annotated[bool, typer.Option(
        help="Include each theme's memos (yaml or json; checked by the disclosure gate).")] = False,
    allow_flagged: AllowFlaggedOpt = False,
    db: DbOpt = Path(DEFAULT_DB),
    key: KeyOpt = None,
    no_identifier_list: NoListOpt = False,
) -> None:
    """Write the codebook to a readable YAML or JSON file, a REFI-QDA .qdc codebook,
    or a CSV Taguette imports (its tags have no hierarchy: each is named by its
    full path, Reporting mechanisms/Awareness...; colours are not kept).
    Theme names and notes pass the disclosure check first.

    Examples:

      vos-coder themes export --out codebook.yaml

      vos-coder themes export --format qdc --out codebook.qdc

      vos-coder themes export --format taguette-csv --out for-taguette.csv
    """
    from vos_coder.exporters.output import check_target, format_for, write_text

    kind = format_for(out, fmt.lower() if fmt else None, CODEBOOK_SUFFIXES)
    if kind == "taguette":
        kind = "taguette-csv"
    if kind not in CODEBOOK_SUFFIXES:
        raise InvalidInput(f"--format {fmt}: write the codebook as yaml, json, qdc or taguette-csv")
    check_target(out, CODEBOOK_SUFFIXES[kind], force)
    if with_memos and kind not in ("yaml", "json"):
        raise InvalidInput(f"--with-memos writes yaml or json; a {kind} codebook has no place for memos")
    from vos_coder.exporters import declared
    from vos_coder.exporters.gate import pre_export

    options = gate_options(key, no_identifier_list, allow_flagged)
    if kind == "qdc":
        from vos_coder.refi import export_qdc

        with project(db) as p:
            pre_export(p, declared.codebook(p), what="codebook export", options=options)
            n = export_qdc(p, out)
        typer.echo(f"wrote {out}: {n} theme(s) as a REFI-QDA codebook")
        return
    if kind == "taguette-csv":
        from vos_coder.refi.paths import taguette_csv

        with project(db) as p:
            pre_export(p, declared.codebook(p), what="codebook export", options=options)
            themes = p.themes()
            digest = write_text(out, taguette_csv(themes))
            with p.transaction():
                p.audit("export.codebook", file=out.name, format=kind, themes=len(themes),
                        sha256=digest)
        typer.echo(f"wrote {out}: {len(themes)} theme(s) as a Taguette codebook (tag paths)")
        return
    with project(db) as p:
        pre_export(p, declared.codebook(p), what="codebook export", options=options)
        data = p.export_codebook()
        if with_memos:
            from vos_coder.exporters.codebook import add_theme_memos

            add_theme_memos(p, data, allow_flagged, options)
    if kind == "json":
        from vos_coder.core.controls import inert_json

        text = inert_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_text(out, text)
    typer.echo(f"wrote {out}: {_count(data['themes'])} theme(s)")


def _count(nodes: list[dict]) -> int:
    return sum(1 + _count(n.get("children", [])) for n in nodes)


EXPECTED = ("expected YAML or JSON with a list of themes, a CSV with a tag, name, "
            "path or theme column (Taguette's, or themes list --format csv), or a REFI-QDA .qdc")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A codebook file: YAML, JSON, a REFI-QDA .qdc, "
                                              "or a CSV (Taguette's).")],
    db: DbOpt = Path(DEFAULT_DB),
) -> None:
    """Add the themes of a codebook file; existing themes (same path) get its definitions.
    The format is read from the content: YAML, JSON, REFI-QDA .qdc (XML) or CSV
    with a tag, name or path column (Taguette). Codes named by their full path
    (Taguette's A/B) are placed under their parents; every rename is listed.

    Example: vos-coder themes import codebook.yaml
    Example: vos-coder themes import from-atlas.qdc
    Example: vos-coder themes import taguette-codebook.csv
    """
    text = _read(file)
    kind = sniff_codebook(text, file)
    if kind in ("qdc", "csv"):
        from vos_coder.refi import import_codebook_csv, import_qdc

        with project(db) as p:
            result = import_qdc(p, file) if kind == "qdc" else \
                import_codebook_csv(p, text, file.name)
        typer.echo(f"{result.added} theme(s) added, {result.updated} updated")
        for note in result.renamed:
            err(f"note: {note}")
        return
    data = load_codebook_text(text, file, kind)
    with project(db) as p:
        added, updated = p.import_codebook(data)
    typer.echo(f"{added} theme(s) added, {updated} updated")


def _read(file: Path) -> str:
    from vos_coder.importers.decode import refuse_special

    refuse_special(file)  # a FIFO would block, a device never end
    try:
        if file.stat().st_size > MAX_CODEBOOK:
            raise InvalidInput(f"{file.name} is larger than a codebook can be; {EXPECTED}")
        return file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{file}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{file} is a folder; give a codebook file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{file.name} is not UTF-8 text; {EXPECTED}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None


def sniff_codebook(text: str, file: Path) -> str:
    """qdc, csv, json or yaml: from the content; the extension only says what a
    file that fits none of them was meant to be."""
    from vos_coder.refi.paths import sniff_csv

    head = text.lstrip()
    if head.startswith("<"):
        return "qdc"
    if head.startswith(("{", "[")):
        return "json"
    if sniff_csv(text):
        return "csv"
    suffix = file.suffix.lower()
    if suffix == ".csv":
        raise InvalidInput(f"{file.name} is not a CSV codebook: its first line names no tag, "
                           "name, path or theme column (Taguette's has tag)")
    if suffix == ".qdc":
        raise InvalidInput(f"{file.name} is not a REFI-QDA codebook (not XML); {EXPECTED}")
    if suffix == ".json":
        return "json"
    return "yaml"


def load_codebook_text(text: str, file: Path, kind: str) -> object:
    import yaml

    try:
        data = json.loads(text) if kind == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput(f"{file.name} is not valid {kind.upper()} "
                           f"({str(exc).splitlines()[0]}); {EXPECTED}") from None
    if not isinstance(data, dict | list):
        raise InvalidInput(f"{file.name} is not a codebook; {EXPECTED}")
    return data


def load_codebook_file(file: Path) -> object:
    """A YAML or JSON codebook file, loaded (its format read from the content)."""
    text = _read(file)
    kind = sniff_codebook(text, file)
    if kind not in ("json", "yaml"):
        raise InvalidInput(f"{file.name} is a {kind} codebook; expected YAML or JSON here")
    return load_codebook_text(text, file, kind)
