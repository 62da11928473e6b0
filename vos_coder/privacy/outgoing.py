"""What can leave the project: every string an exporter may write, declared
field by field, with where it lives (the ``place`` a hit's id is keyed on).

Exporters build their declaration from these functions (one per kind of
field) and hand it to the gate; ``everything`` is the union over the whole
project, which is what ``vos-coder check`` scans. Because an exporter and the
check declare a field the same way, a hit has the same id whoever finds it,
and a hit dismissed in ``check`` stays dismissed in every export.

Fields: source text, title, file name and turn speakers; excerpt text (it
lives in its source, at its offset); quote display text; memos; theme names
and notes (description, inclusion, exclusion); participant identifiers;
attribute names and values; group names and labels; the study and codebook
names; coder names; and literal strings an export adds (a document title).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from vos_coder.core.model import PATH_SEP, Group, Memo, Participant, Source, Theme
from vos_coder.privacy.disclosure import Checked

NOTE_FIELDS = ("description", "inclusion", "exclusion")


def source_text(s: Source, text: str) -> Checked:
    return Checked(s.participant, None, f"source {s.id} ({s.participant}) text", text, f"source {s.id}")


def source_title(pid: str, source_id: int, title: str) -> Checked:
    return Checked(pid, None, f"source {source_id} title", title, f"source {source_id} title")


def source_meta(s: Source) -> list[Checked]:
    """A source's title and the name of the file it came from."""
    return [source_title(s.participant, s.id, s.title),
            Checked(s.participant, None, f"source {s.id} file name", s.origin,
                    f"source {s.id} file name")]


def speakers(pid: str, source_id: int, turns: Iterable[Any]) -> list[Checked]:
    """The speaker label of every turn of a source."""
    return [Checked(pid, None, f"source {source_id} turn {t.n} speaker", t.speaker,
                    f"source {source_id} turn {t.n} speaker", speaker=True)
            for t in turns if t.speaker]


def excerpt_text(pid: str, excerpt_id: int, source_id: int, start: int, end: int, text: str,
                 label: str = "") -> Checked:
    """An excerpt's text: it lives in its source at ``start``."""
    name = label or (f"excerpt {excerpt_id}" if excerpt_id is not None else "coded passage")
    return Checked(pid, excerpt_id, f"{name} text (source {source_id} {start}:{end})", text,
                   f"source {source_id}", start)


def display_text(pid: str, excerpt_id: int, text: str, label: str = "") -> Checked:
    return Checked(pid, excerpt_id, f"{label or f'excerpt {excerpt_id}'} display text", text,
                   f"quote {excerpt_id} display text")


def memo(m: Memo, pid: str = "") -> Checked:
    return Checked(pid, None, f"{m.target_kind} memo {m.id}", m.text, f"memo {m.id}")


def theme_name(t: Theme) -> Checked:
    return Checked("", None, f"theme {t.id} name", t.name, f"theme {t.id} name")


def theme_notes(t: Theme) -> list[Checked]:
    """A theme's description, inclusion and exclusion notes."""
    return [Checked("", None, f"theme {t.id} {f}", getattr(t, f), f"theme {t.id} {f}")
            for f in NOTE_FIELDS if getattr(t, f)]


def theme_paths(themes: Sequence[Theme], paths: Iterable[str]) -> list[Checked]:
    """The names of every theme on the given paths (a path prints its ancestors)."""
    by_path = {t.path: t for t in themes}
    wanted: set[str] = set()
    for path in paths:
        parts = path.split(PATH_SEP)
        wanted.update(PATH_SEP.join(parts[:i]) for i in range(1, len(parts) + 1))
    return [theme_name(by_path[p]) for p in sorted(wanted) if p in by_path]


def participant_id(pid: str) -> Checked:
    """A participant's identifier (it is written in every attribution)."""
    return Checked(pid, None, "participant identifier", pid, f"participant {pid} identifier")


def attribute_names(names: Iterable[str]) -> list[Checked]:
    return [Checked("", None, f"attribute name #{n}", name, f"attribute {name} name")
            for n, name in enumerate(sorted(set(names)), start=1)]


def attribute_values(p: Participant, names: Iterable[str] | None = None) -> list[Checked]:
    """A participant's attribute values, one by one (an export that joins
    several values of one attribute with '; ' adds only the separator)."""
    chosen = sorted(p.attributes) if names is None else [n for n in names if n in p.attributes]
    out = []
    for name in chosen:
        for v in p.attributes[name]:
            out.append(Checked(p.pid, None, f"attribute value of {p.pid}", v,
                               f"participant {p.pid} attribute {name} value {v}"))
    return out


def attributes(people: Iterable[Participant], names: Iterable[str] | None = None) -> list[Checked]:
    """Names and values of the attributes of these participants."""
    people = list(people)
    used = {n for p in people for n in p.attributes} if names is None else set(names)
    out = attribute_names(used)
    for p in people:
        out += attribute_values(p, sorted(used))
    return out


def group(g: Group) -> list[Checked]:
    out = [Checked("", None, "group name", g.name, f"group {g.name} name")]
    if g.label:
        out.append(Checked("", None, "group label", g.label,
                           f"group {g.name} label"))
    return out


def groups(all_groups: Iterable[Group], names: Iterable[str] | None = None) -> list[Checked]:
    wanted = None if names is None else set(names)
    return [c for g in all_groups if wanted is None or g.name in wanted for c in group(g)]


def coder(name: str) -> Checked:
    return Checked("", None, "coder name", name, f"coder {name}")


def literal(text: str | None, where: str) -> list[Checked]:
    """A string an export adds itself (a document title, core properties)."""
    return [Checked("", None, where, text, f"export {where}")] if text else []


def setting(project: Any, key: str, default: str, where: str) -> list[Checked]:
    value = project.setting(key, default)
    return [Checked("", None, where, value, f"setting {key}")] if value else []


def everything(project: Any, participant: str | None = None, theme: str | None = None) -> list[Checked]:
    """Every string any export can write (active participants only). With
    ``participant`` or ``theme``, only the passages, display texts and memos
    of that participant or theme (as the check's filters say)."""
    items: list[Checked] = []
    passages = project.query(themes=[theme] if theme else (),
                             participants=[participant] if participant else ())
    for p in passages:
        label = p.quote_id or f"excerpt {p.excerpt_id}"
        items.append(excerpt_text(p.participant, p.excerpt_id, p.source_id, p.start, p.end, p.text, label))
        if p.display_text:
            items.append(display_text(p.participant, p.excerpt_id, p.display_text, label))
    if theme is not None:
        return items
    people = [x for x in project.participants() if participant in (None, x.pid)]
    active = {x.pid for x in people}
    for s in project.sources():
        if s.participant not in active:
            continue
        items.append(source_text(s, project.source_text(s.id)))
        items += source_meta(s)
        items += speakers(s.participant, s.id, project.turns(s.id))
    items += [participant_id(x.pid) for x in people]
    items += attributes(people)
    pid_of_source = {s.id: s.participant for s in project.sources()}
    pid_of_part = {x.id: x.pid for x in project.participants()}
    pid_of_excerpt = {e["id"]: pid_of_source.get(e["source_id"], "") for e in project.all_excerpts()}
    for m in project.all_memos():
        owner = {"participant": pid_of_part, "source": pid_of_source,
                 "excerpt": pid_of_excerpt}.get(m.target_kind, {}).get(m.target_id, "")
        if participant and owner != participant:
            continue
        # all_memos() leaves out a withdrawn participant's; a memo whose
        # excerpt is gone (merged into another by a redaction) has no owner
        # but is exported all the same (qdpx), so it is checked too
        items.append(memo(m, owner))
    if participant is None:
        for t in project.themes():
            items.append(theme_name(t))
            items += theme_notes(t)
        items += groups(project.groups())
        items += setting(project, "study", "", "study name")
        items += setting(project, "codebook_name", "", "codebook name")
        names = {c["coder"] for c in project.coders()} | {m.author for m in project.all_memos()}
        items += [coder(n) for n in sorted(names) if n]
    return items
