"""Time vos-coder as a user runs it: with its modules' bytecode cached.

An editable install writes the bytecode on the first run, a wheel at install
time. Where PYTHONDONTWRITEBYTECODE is set (some CI machines, this one), every
timed process would otherwise compile vos_coder from source again: about
0.3 G instructions, a third of `vos-coder import`'s start-up. The bare
baselines compile nothing of ours, so that cost would count against us alone.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def compile_package() -> None:
    """Write the bytecode of every vos_coder module (a no-op when it is current)."""
    import vos_coder

    compileall.compile_dir(Path(vos_coder.__file__).parent, quiet=1)
