"""Writing export files safely: refuse to overwrite without ``force``, write to
a temporary file beside the target and rename it into place (so a crash never
leaves half a report), and record the export in the audit log.

Every file written here is 0600 (owner only) whatever the umask: exports hold
survivors' words. The temporary file is ``.<name>.<pid>.<random>.part``; it is
removed on any error or interruption (Ctrl-C, SIGTERM), and one left behind by
a run that was killed outright (SIGKILL, power loss) is removed by the next
write to the same output, once its process is gone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from vos_coder.errors import InvalidInput, ProjectError

T = TypeVar("T")

#: How an export reports progress: entered with the number of steps (each
#: string the disclosure gate checks, then each quote or row written), it
#: yields ``advance(n)``. The CLI gives a rich bar on a terminal
#: (cli/_bulk.progress_bar); by default nothing is shown.
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


@contextmanager
def no_progress(total: int) -> Iterator[Callable[[int], None]]:
    yield lambda n=1: None


def ticking(items: Iterable[T], advance: Callable[[int], None]) -> Iterator[T]:
    """The items, advancing the progress as each is taken."""
    for item in items:
        yield item
        advance(1)


def check_target(out: Path, suffixes: tuple[str, ...], force: bool,
                 fix: str = "change --out or --format") -> Path:
    """Validate an output path: its suffix, its folder, and no overwrite unless
    ``force``. ``fix`` says what to do about a wrong suffix."""
    out = Path(out)
    if suffixes and out.suffix.lower() not in suffixes:
        raise InvalidInput(f"{out.name}: this format writes {' or '.join(suffixes)} files; {fix}")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not a folder; create it or choose another --out")
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; --out needs a file name")
    if out.exists() and not force:
        raise InvalidInput(f"{out} exists; pass --force to overwrite it")
    return out


def format_for(out: Path, fmt: str | None, suffixes: dict[str, tuple[str, ...]]) -> str:
    """The format to write: ``fmt`` when given, else the one whose suffixes
    include ``out``'s (``appendix.md`` -> ``md``)."""
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower()
    for name, known in suffixes.items():
        if suffix in known:
            return name
    raise InvalidInput(f"{Path(out).name}: cannot tell the format from the file name; "
                       f"pass --format {'|'.join(suffixes)} or end --out in "
                       f"{' or '.join(s[0] for s in suffixes.values())}")


PRIVATE = 0o600
log = logging.getLogger("vos_coder.files")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, run by someone else
        return True
    return True


def clean_stale_parts(out: Path) -> list[Path]:
    """Remove the temporary files that killed runs left beside ``out`` (their
    process is gone); returns what was removed."""
    out = Path(out)
    removed = []
    try:
        candidates = list(out.parent.glob(f".{glob_escape(out.name)}.*.part"))
    except OSError:
        return removed
    for part in candidates:
        middle = part.name[len(out.name) + 2:-len(".part")]
        pid = middle.split(".", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
            continue
        try:
            part.unlink()
        except OSError:
            continue
        removed.append(part)
        log.warning("removed %s, a temporary file left by an interrupted run", part)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def atomic_write(out: Path, write: Callable[[Path], None]) -> str:
    """Call ``write(tmp)`` on a temporary file in the target's folder, then
    rename it onto ``out``. Returns the SHA-256 of what was written. The file
    is 0600 from creation to rename, whatever the umask."""
    out = Path(out)
    clean_stale_parts(out)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".part",
                                    dir=out.parent)
    except OSError as exc:
        raise ProjectError(f"cannot write {out}: {exc.strerror or exc}") from None
    os.fchmod(fd, PRIVATE)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, PRIVATE)  # a writer may have replaced the file we made
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ProjectError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest


ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def fixed_zip(path: Path, replace: Mapping[str, bytes] | None = None) -> None:
    """Rewrite a zip (docx, xlsx, qdpx) with fixed entry dates, and optionally
    some entries' contents, so the same project gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, (replace or {}).get(name, data))


def write_text(out: Path, text: str) -> str:
    """Atomically write UTF-8 text with LF line ends; returns its SHA-256."""
    return atomic_write(out, lambda tmp: tmp.write_bytes(text.encode("utf-8")))


def audit_export(project: Any, what: str, out: Path, fmt: str, count: int, digest: str,
                 filters: dict[str, Any]) -> None:
    """One audit-log row per export: what, filters, count, output hash; never text."""
    clean = {k: v for k, v in filters.items() if v not in (None, [], (), "")}
    with project.transaction():
        project.audit(f"export.{what}", file=Path(out).name, path=str(Path(out).resolve()), format=fmt, count=count,
                      sha256=digest, filters=clean)
