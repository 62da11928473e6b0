"""What a memo can go on, given the screen in view: the excerpt under the
cursor, the theme highlighted, the source and participant open, the project.

Screens this module owns answer ``memo_targets()``; the coding screen is read
through its public attributes (source, excerpts_here, the codebook panel)."""

from __future__ import annotations

from typing import Any

from vos_coder.tui.dialogs.memo_editor import MemoTarget

PROJECT = MemoTarget("project", None, "project")


def source_targets(project: Any, source_id: int | None) -> list[MemoTarget]:
    """The source and its participant."""
    if source_id is None:
        return []
    s = project.source(source_id)
    person = project.participant(s.participant)
    return [MemoTarget("source", s.id, f"source {s.participant} · {s.title}"),
            MemoTarget("participant", person.id, f"participant {s.participant}")]


def excerpt_target(excerpt_id: int, participant: str, start: int, end: int) -> MemoTarget:
    return MemoTarget("excerpt", excerpt_id, f"excerpt {participant} {start}:{end}")


def theme_target(theme: Any) -> MemoTarget:
    return MemoTarget("theme", theme.id, f"theme {theme.path}")


def _coding_screen(screen: Any, project: Any) -> list[MemoTarget]:
    out: list[MemoTarget] = []
    source = getattr(screen, "source", None)
    if source is None:
        return out
    here = screen.excerpts_here() if hasattr(screen, "excerpts_here") else []
    if here:
        e = here[0][0]
        out.append(excerpt_target(e.id, source.participant, e.start, e.end))
    try:
        from vos_coder.tui.widgets import CodebookTree

        theme = screen.query_one(CodebookTree).current
    except Exception:  # noqa: BLE001 - no codebook panel on this screen
        theme = None
    if theme is not None:
        out.append(theme_target(theme))
    return out + source_targets(project, source.id)


def targets_in_view(screen: Any, project: Any) -> list[MemoTarget]:
    """Most specific first; the project always last."""
    ask = getattr(screen, "memo_targets", None)
    found = ask() if callable(ask) else _coding_screen(screen, project)
    unique = list(dict.fromkeys(found))
    return [t for t in unique if t.kind != "project"] + [PROJECT]
