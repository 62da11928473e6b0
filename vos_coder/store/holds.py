"""Who has a project open: an advisory lock that every open project holds.

Every connection vos-coder opens to a project file (a CLI command, the
workbench and each of its worker threads) holds a shared ``flock(2)`` lock on
the file. ``encrypt`` and ``decrypt``, which replace the file, take it
exclusively without waiting, so a workbench left open in another terminal,
even idle, is found and named instead of being left writing to a file that
is no longer there.

Why this lock:
- ``flock`` locks belong to the open file and disappear when the process
  ends, however it ends (SIGKILL, a crash, a closed laptop lid): no stale lock
  file to clean up and nothing written to disk, so opening never changes a
  byte (a wrong passphrase still changes nothing).
- On Linux, macOS and the BSDs ``flock`` locks are independent of the POSIX
  byte-range locks SQLite takes on the same file, so the two never interfere.
- Closing any descriptor of a file drops all POSIX locks the process holds on
  it, SQLite's included. So one process keeps ONE descriptor per project file,
  shared (and counted) by all its connections, and closes it only after its
  last connection to that file is closed.

Where ``fcntl`` is missing (Windows) holds do nothing; ``encrypt`` then relies
on SQLite's own check (a checkpoint that other readers block).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vos_coder.errors import ProjectError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How long opening waits for an encrypt or decrypt in another process to finish.
CONVERSION_WAIT_S = 30.0

_guard = threading.Lock()
#: (device, inode) of a project file -> [descriptor, number of holders in this process]
_held: dict[tuple[int, int], list[int]] = {}


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class Hold:
    """This process's share of the lock on one project file; ``release`` once."""

    def __init__(self, key: tuple[int, int] | None) -> None:
        self._key = key

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _guard:
            entry = _held.get(key)
            if entry is None:
                return
            entry[1] -= 1
            if entry[1] == 0:
                del _held[key]
                os.close(entry[0])  # the process's last connection to the file is closed


def _open_locked(path: Path, flags: int) -> tuple[int, tuple[int, int]] | None:
    """A descriptor of ``path`` locked with ``flags``, or None when another
    process holds a conflicting lock. Retries when the file was replaced
    between opening and locking (an encrypt or decrypt that just finished)."""
    while True:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(fd, flags | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        key = _identity(os.fstat(fd))
        try:
            now = _identity(os.stat(path))
        except FileNotFoundError:
            now = None
        if now == key:
            return fd, key
        os.close(fd)


def hold_open(path: Path) -> Hold:
    """Take this process's shared lock on the project at ``path`` (or join it).
    Waits while another process encrypts or decrypts the file."""
    if fcntl is None:
        return Hold(None)
    deadline = time.monotonic() + CONVERSION_WAIT_S
    while True:
        with _guard:
            try:
                key = _identity(os.stat(path))
            except FileNotFoundError:
                return Hold(None)  # a file being created; create_private_file made it
            if key in _held:
                _held[key][1] += 1
                return Hold(key)
            got = _open_locked(path, fcntl.LOCK_SH)
            if got is not None:
                fd, key = got
                if key in _held:  # the path now names a file this process holds
                    os.close(fd)
                    _held[key][1] += 1
                else:
                    _held[key] = [fd, 1]
                return Hold(key)
        if time.monotonic() > deadline:
            raise ProjectError(f"{path} is being encrypted or decrypted by another vos-coder "
                               "command; try again when it has finished")
        time.sleep(0.1)


def open_elsewhere(path: Path) -> str | None:
    """Why ``path`` cannot be taken for a conversion now (open in another
    program, or elsewhere in this one), or None. Takes and drops the lock."""
    with exclusive(path, check_only=True) as reason:
        return reason


@contextmanager
def exclusive(path: Path, check_only: bool = False) -> Iterator[str | None]:
    """Hold ``path`` exclusively for the block: no other connection, in this
    process or another, has it open, and none can open it until the block
    ends (connections this process opens inside the block join the lock).
    Yields None; raises ProjectError naming who has it open. With
    ``check_only`` the reason is yielded instead of raised."""
    if fcntl is None:
        yield None
        return
    with _guard:
        key = _identity(os.stat(path))
        if key in _held:
            reason = (f"{path} is open elsewhere in this program; close it and run the "
                      "command again. Nothing was changed")
            got = None
        else:
            got = _open_locked(path, fcntl.LOCK_EX)
            reason = None if got else (
                f"{path} is open in another program (a vos-coder workbench or command); "
                "close it and run the command again. Nothing was changed")
        if got is not None:
            fd, key = got
            _held[key] = [fd, 1]
    if reason is not None and not check_only:
        raise ProjectError(reason)
    hold = Hold(key if got is not None else None)
    try:
        yield reason
    finally:
        hold.release()
