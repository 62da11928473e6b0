"""Reading and writing .qdpx archives safely.

A .qdpx is a zip holding ``project.qde`` and ``sources/``. It is untrusted
input: entries are never extracted to disk, only read into memory, and the
archive is refused as a whole when an entry name could escape a target
directory (zip slip), when it would expand beyond sane sizes or compression
ratios (zip bombs: the headers' sizes are checked before an entry is read, so
a refusal reads nothing, and the bytes are counted while reading, in case a
header lies), when entries are encrypted, links or duplicated, or when the file is
not a zip at all. Every refusal is one ImportFailed line.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Self

from vos_coder.errors import ImportFailed
from vos_coder.exporters.output import atomic_write, fixed_zip
from vos_coder.importers.decode import refuse_special

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How far an archive may expand. The defaults fit years of transcripts."""

    max_entries: int = 20_000
    max_file: int = 256 * MiB  # one entry, uncompressed
    max_total: int = 1024 * MiB  # all entries read, uncompressed
    max_ratio: float = 200.0  # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MiB


DEFAULT_LIMITS = Limits()
CHUNK = 64 * 1024


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


class QdpxArchive:
    """An opened .qdpx whose every entry name has been checked."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        self._read_total = 0
        refuse_special(self.path)  # a FIFO would block, a device never end
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise ImportFailed(f"{self.path}: no such file") from None
        except IsADirectoryError:
            raise ImportFailed(f"{self.path} is a directory; give a .qdpx file") from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportFailed(f"{self.path.name} is not a .qdpx file (not a readable zip: "
                               f"{exc}); export it again from the other program") from None
        try:
            self._check_entries()
        except BaseException:
            self._zip.close()
            raise

    def _check_entries(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_entries:
            raise ImportFailed(f"{self.path.name}: {len(infos)} entries is more than a "
                               f"project holds (limit {self.limits.max_entries}); refused")
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if _unsafe_name(name):
                raise ImportFailed(f"{self.path.name}: entry {name!r} points outside the "
                                   "archive (zip slip); refused, nothing imported")
            mode = info.external_attr >> 16
            if mode and stat.S_ISLNK(mode):
                raise ImportFailed(f"{self.path.name}: entry {name!r} is a symbolic link; "
                                   "refused, nothing imported")
            if info.flag_bits & 0x1:
                raise ImportFailed(f"{self.path.name}: entry {name!r} is encrypted; export "
                                   "the project again without a password")
            key = name.casefold()
            if key in seen:
                raise ImportFailed(f"{self.path.name}: entry {name!r} appears twice; refused")
            seen.add(key)
        self._names = {i.filename: i for i in infos}

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def has(self, name: str) -> bool:
        return name in self._names

    def find(self, name: str) -> str | None:
        """The entry called ``name``, matched without regard to case as a fallback."""
        if name in self._names:
            return name
        folded = [n for n in self._names if n.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    def read(self, name: str) -> bytes:
        """An entry's bytes, counted while reading against the limits."""
        info = self._names.get(name)
        if info is None:
            raise ImportFailed(f"{self.path.name}: {name} is missing from the archive")
        lim = self.limits
        # The header's size is checked before a byte is read (a refusal costs no memory);
        # the bytes are then counted while reading, in case the header lies.
        if info.file_size > lim.max_file:
            raise ImportFailed(f"{self.path.name}: {name} would expand to "
                               f"{info.file_size // MiB} MiB, beyond {lim.max_file // MiB} MiB "
                               "(a zip bomb?); refused, nothing imported")
        if self._read_total + info.file_size > lim.max_total:
            raise ImportFailed(f"{self.path.name}: the archive expands beyond "
                               f"{lim.max_total // MiB} MiB (a zip bomb?); refused, nothing imported")
        if info.file_size > lim.ratio_floor and \
                info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise ImportFailed(f"{self.path.name}: {name} expands more than {lim.max_ratio:g} "
                               "times its compressed size (a zip bomb?); refused, nothing imported")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > info.file_size:
                        raise ImportFailed(f"{self.path.name}: {name} holds more than its header "
                                           "says; the archive is damaged or hostile; refused")
                    if size > lim.max_file:
                        raise ImportFailed(
                            f"{self.path.name}: {name} expands beyond {lim.max_file // MiB} MiB "
                            "(a zip bomb?); refused, nothing imported")
                    if self._read_total > lim.max_total:
                        raise ImportFailed(
                            f"{self.path.name}: the archive expands beyond "
                            f"{lim.max_total // MiB} MiB (a zip bomb?); refused, nothing imported")
                    if size > lim.ratio_floor and size > lim.max_ratio * max(info.compress_size, 1):
                        raise ImportFailed(
                            f"{self.path.name}: {name} expands more than {lim.max_ratio:g} times "
                            "its compressed size (a zip bomb?); refused, nothing imported")
                    chunks.append(chunk)
        except ImportFailed:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ImportFailed(f"{self.path.name}: cannot read {name} ({exc}); the archive "
                               "is damaged") from None
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_inner_zip(data: bytes, what: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip held inside the archive (a .docx) whose entries would expand too far."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = 0
            for info in z.infolist():
                total += info.file_size
                if (info.file_size > limits.max_file or total > limits.max_total
                        or (info.file_size > limits.ratio_floor
                            and info.file_size > limits.max_ratio * max(info.compress_size, 1))):
                    raise ImportFailed(f"{what} expands too far (a zip bomb?); refused")
    except zipfile.BadZipFile:
        raise ImportFailed(f"{what} is not a readable .docx") from None


def write_qdpx(path: Path, project_qde: bytes, sources: Mapping[str, bytes]) -> str:
    """Write a .qdpx atomically and privately (0600, see exporters.output):
    ``project.qde`` and ``sources/<name>`` entries. Returns its SHA-256."""
    for name in sources:
        if _unsafe_name(name) or "/" in name:
            raise ValueError(f"bad source file name {name!r}")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("project.qde", project_qde)
            for name, data in sources.items():
                z.writestr(f"sources/{name}", data)
        fixed_zip(tmp)  # fixed entry dates: the same project gives the same file

    return atomic_write(Path(path), write)
