"""Running a command with a pseudo-terminal as its stdout and stderr, as a
user at a terminal would: what tests of terminal-only output (progress bars,
escape sequences written out) read back."""

from __future__ import annotations

import os
import pty
import subprocess
from collections.abc import Mapping, Sequence


def run_on_terminal(cmd: Sequence[str], env: Mapping[str, str], timeout: float = 300,
                    interactive: bool = False) -> tuple[int, bytes]:
    """Exit status and every byte ``cmd`` wrote to the terminal. The output is
    read while the command runs, so a full terminal buffer never blocks it.
    ``interactive``: the terminal (100x30) is the command's stdin too, as for
    the workbench, which refuses to start without one."""
    master, slave = pty.openpty()
    stdin: int = subprocess.DEVNULL
    if interactive:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        stdin = slave
    proc = subprocess.Popen(list(cmd), stdin=stdin, stdout=slave, stderr=slave, env=dict(env))
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the command closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=timeout), out
