"""The SQLite project: the only package that talks to the database.

``Project`` is loaded on first use: importing a small part of the store (how
a file is inspected, in store/connection.py) does not load the whole service,
so the workbench can look at a file before its first frame and load the
service after it (see tui/app.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vos_coder.store.project import Project

__all__ = ["Project"]


def __getattr__(name: str) -> Any:
    if name == "Project":
        from vos_coder.store.project import Project

        return Project
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
