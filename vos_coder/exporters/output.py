"""Writing export files safely: refuse to overwrite without ``force``, write to
a temporary file beside the target and rename it into place (so a crash never
leaves half a report), and record the export in the audit log."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vos_coder.errors import InvalidInput, ProjectError


def check_target(out: Path, suffixes: tuple[str, ...], force: bool) -> Path:
    """Validate an output path: its suffix, its folder, and no overwrite unless ``force``."""
    out = Path(out)
    if suffixes and out.suffix.lower() not in suffixes:
        raise InvalidInput(f"{out.name}: this format writes {' or '.join(suffixes)} files; "
                           "change --out or --format")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not a folder; create it or choose another --out")
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; --out needs a file name")
    if out.exists() and not force:
        raise InvalidInput(f"{out} exists; pass --force to overwrite it")
    return out


def atomic_write(out: Path, write: Callable[[Path], None]) -> str:
    """Call ``write(tmp)`` on a temporary file in the target's folder, then
    rename it onto ``out``. Returns the SHA-256 of what was written."""
    out = Path(out)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ProjectError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(out: Path, text: str) -> str:
    """Atomically write UTF-8 text with LF line ends; returns its SHA-256."""
    return atomic_write(out, lambda tmp: tmp.write_bytes(text.encode("utf-8")))


def audit_export(project: Any, what: str, out: Path, fmt: str, count: int, digest: str,
                 filters: dict[str, Any]) -> None:
    """One audit-log row per export: what, filters, count, output hash; never text."""
    clean = {k: v for k, v in filters.items() if v not in (None, [], (), "")}
    with project.transaction():
        project.audit(f"export.{what}", file=Path(out).name, format=fmt, count=count,
                      sha256=digest, filters=clean)
