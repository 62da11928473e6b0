"""What a file given as --db is, before anything opens it.

Kept apart from connection.py so that looking at a file loads neither the
SQLite engine nor the Project service: `vos-coder open` refuses a missing,
empty or foreign file this way before the workbench draws anything."""

from __future__ import annotations

from pathlib import Path

from vos_coder.errors import ProjectError
from vos_coder.store import crypto

INIT_HINT = "create a project with: vos-coder init --db NEW.db"


def inspect(path: Path) -> str:
    """``"sqlite"`` or ``"encrypted"``; refuses anything that cannot be a
    project with one line saying what it is. Reads, never writes."""
    if not path.exists():
        raise ProjectError(f"no project at {path}; create one with: vos-coder init --db {path}")
    if path.is_dir():
        raise ProjectError(f"{path} is a directory; --db needs a project file")
    if not path.is_file():
        raise ProjectError(f"{path} is not a regular file; --db needs a project file")
    kind = crypto.file_kind(path)
    if kind == "empty":
        raise ProjectError(f"{path} is an empty file (0 bytes), not a vos-coder project; "
                           f"nothing was changed. Remove it first if you want a project there, "
                           f"or {INIT_HINT}")
    if kind not in ("sqlite", "encrypted"):
        raise ProjectError(f"{path} is not a vos-coder project: it is {kind}; nothing was "
                           f"changed. Check the --db path, or {INIT_HINT}")
    return kind
