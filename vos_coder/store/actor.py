"""Who is working: the name recorded with every coding and audit entry."""

from __future__ import annotations

import os


def default_actor() -> str:
    """VOS_CODER_USER, else the login name, else "unknown"."""
    if os.environ.get("VOS_CODER_USER"):
        return os.environ["VOS_CODER_USER"]
    import getpass  # only when needed (it loads termios)

    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"
