"""The quote set every quote exporter writes: the selected quotes, grouped by
theme in codebook order (the hierarchy as headings), each with the text a
report prints and its attribution.

A passage the interviewer spoke (a coded question) is never a quote: it is
left out of every quote export, which names it (``QuoteSet.interviewer``).

Attribution follows the participant's group: ``(VoS-AL-04)`` for groups
attributed by identifier, with an optional locator (``(VoS-AL-04, turn 12)``);
the group's label for groups attributed anonymously (``(a surveyed frontline
worker)``), never with a locator. Withdrawn participants never appear (the
Project's query leaves them out) and excluded quotes are never exported.

Every string of the set has its control characters made visible
(core/controls.py), so no exporter writes an escape sequence and Word's XML
never meets a character it cannot hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from vos_coder.core.controls import has_controls, visible
from vos_coder.core.model import PATH_SEP, Group, Memo, Passage, Theme
from vos_coder.core.quotes import printed_text, quote_label
from vos_coder.errors import InvalidInput, VosError
from vos_coder.exporters.gate import GateOptions, pre_export
from vos_coder.importers.turns import INTERVIEWER
from vos_coder.privacy.disclosure import Checked

STATUSES = ("approved", "candidate", "any")
LOCATORS = ("none", "turn", "time")


class EmptySelection(VosError):
    """No quote matches the filters; nothing was written."""


@dataclass(frozen=True)
class QuoteItem:
    """One quote as an export writes it."""

    number: int
    excerpt_id: int
    participant: str
    group: str
    themes: tuple[str, ...]
    source_id: int
    source_title: str
    start: int
    end: int
    status: str
    text: str
    display_text: str | None
    printed: str
    attribution: str
    turn: int | None = None
    timestamp: str | None = None
    memos: tuple[Memo, ...] = ()  # only with --with-memos

    @property
    def quote_id(self) -> str:
        return quote_label(self.number)

    def as_row(self) -> dict[str, Any]:
        """The CSV/JSON form: one row per quote."""
        return {"quote": self.quote_id, "participant": self.participant, "group": self.group,
                "themes": list(self.themes), "source": self.source_title, "source_id": self.source_id,
                "start": self.start, "end": self.end, "turn": self.turn, "timestamp": self.timestamp,
                "status": self.status, "text": self.text, "display_text": self.display_text,
                "printed": self.printed, "attribution": self.attribution,
                **({"memos": [memo_line(m) for m in self.memos]} if self.memos else {})}


@dataclass(frozen=True)
class Section:
    """A theme heading and the quotes coded with that theme itself."""

    theme: Theme
    level: int  # 1 for a top-level theme (relative to the selection)
    items: tuple[QuoteItem, ...]
    memos: tuple[Memo, ...] = ()  # memos on the theme, only with --with-memos


@dataclass(frozen=True)
class QuoteSet:
    title: str
    sections: tuple[Section, ...]
    items: tuple[QuoteItem, ...]  # every quote once, in quote-number order
    filters: dict[str, Any] = field(default_factory=dict)
    with_memos: bool = False
    #: Quotes left out because the interviewer said them (a quote is a participant's words).
    interviewer: tuple[str, ...] = ()


def memo_line(m: Memo) -> str:
    """How an export prints a memo: ``Memo (amira): text`` (no date: a date
    beside a quote reads like a date of birth, and the gate says so)."""
    return f"Memo ({m.author}): {m.text}"


def _inert(value: Any) -> Any:
    """A frozen dataclass with control characters in its strings made visible."""
    changes = {}
    for f in fields(value):
        v = getattr(value, f.name)
        if isinstance(v, str) and has_controls(v):
            changes[f.name] = visible(v)
        elif isinstance(v, tuple) and v:
            new = tuple(visible(x) if isinstance(x, str) else
                        _inert(x) if is_dataclass(x) and not isinstance(x, type) else x for x in v)
            if new != v:
                changes[f.name] = new
    return replace(value, **changes) if changes else value


def attribution(p: Passage, group: Group | None, locator: str, turn: int | None,
                timestamp: str | None) -> str:
    """``(VoS-AL-04)``, ``(VoS-AL-04, turn 12)``, or ``(a surveyed frontline worker)``."""
    if group is not None and group.attribution == "anonymous":
        return f"({group.label or 'a participant, ' + group.name})"
    where = ""
    if locator == "turn" and turn is not None:
        where = f", turn {turn}"
    elif locator == "time" and (timestamp or turn is not None):
        where = f", {timestamp}" if timestamp else f", turn {turn}"
    return f"({p.participant}{where})"


def build_quote_set(project: Any, themes: Sequence[str] = (), participants: Sequence[str] = (),
                    group: str | None = None, status: str = "approved", locator: str = "none",
                    title: str | None = None, with_memos: bool = False) -> QuoteSet:
    """Select, order and attribute the quotes to export."""
    if status not in STATUSES:
        raise InvalidInput(f"--status must be one of {', '.join(STATUSES)}")
    if locator not in LOCATORS:
        raise InvalidInput(f"--locator must be one of {', '.join(LOCATORS)}")
    passages = project.quotes(list(themes), list(participants), group,
                              None if status == "any" else status)
    passages = [p for p in passages if p.quote_status != "excluded" and p.quote_number]
    groups = {g.name: g for g in project.groups()}
    all_themes: list[Theme] = project.themes()
    if themes:
        chosen = {t.id for ref in themes for t in project.subtree(ref)}
        all_themes = [t for t in all_themes if t.id in chosen]
    wanted = {t.path for t in all_themes}
    items: dict[int, QuoteItem] = {}
    interviewer: list[str] = []
    for p in passages:
        memos = p.memos if with_memos else ()
        turn = project.turn_at(p.source_id, p.start)
        if turn is not None and turn.speaker == INTERVIEWER:
            # The interviewer's words are never printed under the participant's identifier.
            if any(t in wanted for t in p.themes):
                interviewer.append(quote_label(p.quote_number or 0))
            continue
        items[p.excerpt_id] = QuoteItem(
            p.quote_number or 0, p.excerpt_id, p.participant, p.group,
            tuple(t for t in p.themes if t in wanted), p.source_id, p.source_title, p.start, p.end,
            p.quote_status, p.text, p.display_text, printed_text(p.text, p.display_text),
            attribution(p, groups.get(p.group), locator, turn.n if turn else None,
                        turn.timestamp if turn else None),
            turn.n if turn else None, turn.timestamp if turn else None, tuple(memos))
    by_theme: dict[str, list[QuoteItem]] = {}
    for item in items.values():  # query order: participant, source, position
        for path in item.themes:
            by_theme.setdefault(path, []).append(item)
    has_quotes = {path for path in by_theme}
    for path in list(has_quotes):  # ancestors of a theme with quotes get a heading
        parts = path.split(PATH_SEP)
        has_quotes.update(PATH_SEP.join(parts[:i]) for i in range(1, len(parts)))
    base = min((t.depth for t in all_themes), default=0)
    theme_memos: dict[int, list[Memo]] = {}
    if with_memos:
        for m in project.memos_on(("theme", t.id) for t in all_themes if t.path in has_quotes):
            theme_memos.setdefault(m.target_id, []).append(m)
    inert = {k: _inert(i) for k, i in items.items()}
    sections = tuple(Section(_inert(t), t.depth - base + 1,
                             tuple(inert[i.excerpt_id] for i in by_theme.get(t.path, ())),
                             tuple(_inert(m) for m in theme_memos.get(t.id, ())))
                     for t in all_themes if t.path in has_quotes)
    ordered = tuple(sorted((i for i in inert.values() if i.themes), key=lambda i: i.number))
    filters = {"themes": list(themes), "participants": list(participants), "group": group,
               "status": status, "locator": locator, **({"with_memos": True} if with_memos else {})}
    return QuoteSet(visible(title or "Quotes"), sections, ordered, filters, with_memos,
                    tuple(interviewer))


def interviewer_note(qs: QuoteSet) -> str:
    """What an export says about the quotes it left out, or ""."""
    if not qs.interviewer:
        return ""
    ids = sorted(qs.interviewer, key=lambda q: (len(q), q))  # Q-051 before Q-1682
    shown = ", ".join(ids[:NOTE_SHOWN])
    if len(ids) > NOTE_SHOWN:  # one readable line, whatever the number
        shown += f" and {len(ids) - NOTE_SHOWN} more"
    return (f"left out {shown}: spoken by the interviewer; a quote is a "
            "participant's own words (the codings export keeps them, with speaker Interviewer)")


#: Quote numbers named in the note about interviewer quotes left out; the rest are counted.
NOTE_SHOWN = 10


def declared(project: Any, qs: QuoteSet) -> list[Checked]:
    """Every string a quote export writes, in any format: the title (and the
    docx core properties), theme headings and paths, and for each quote its
    text or display text, participant identifier, group name and label,
    and source title; with memos, each memo's text and author."""
    from vos_coder.privacy import outgoing as o

    items = o.literal(qs.title, "document title") + o.literal(docx_author(), "document author")
    items += o.theme_paths(project.themes(), [t.theme.path for t in qs.sections]
                           + [p for i in qs.items for p in i.themes])
    groups = {g.name: g for g in project.groups()}
    for i in qs.items:
        if i.display_text:
            items.append(o.display_text(i.participant, i.excerpt_id, i.display_text, i.quote_id))
        else:
            items.append(o.excerpt_text(i.participant, i.excerpt_id, i.source_id, i.start, i.end,
                                        i.text, i.quote_id))
        items.append(o.participant_id(i.participant))
        items += o.group(groups[i.group]) if i.group in groups else []
        items.append(o.source_title(i.participant, i.source_id, i.source_title))
        items += [c for m in i.memos for c in (o.memo(m, i.participant), o.coder(m.author))]
    items += [c for s in qs.sections for m in s.memos for c in (o.memo(m), o.coder(m.author))]
    return items


def docx_author() -> str:
    """The author (and last-modified-by) written into a docx's core properties."""
    return "vos-coder"


def gate(project: Any, qs: QuoteSet, allow_flagged: bool, options: GateOptions | None = None,
         outgoing: list[Checked] | None = None, advance: Callable[[int], None] | None = None) -> None:
    """Pass every string a quote export writes (``outgoing``, default
    declared(project, qs)) through the disclosure gate; ``advance(1)`` per string."""
    pre_export(project, declared(project, qs) if outgoing is None else outgoing,
               allow_flagged=allow_flagged, what="quotes export", options=options, advance=advance)
