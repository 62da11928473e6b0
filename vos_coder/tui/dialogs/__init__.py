"""Modal dialogs (each loaded when first asked for)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"ConfirmDialog": "confirm", "MemoDraft": "memo_editor", "MemoEditor": "memo_editor",
          "MemoTarget": "memo_editor", "QuickKeyDialog": "quick_key", "TextInputDialog": "text_input",
          "ThemePicker": "picker"}

__all__ = ["ConfirmDialog", "MemoDraft", "MemoEditor", "MemoTarget", "QuickKeyDialog", "TextInputDialog",
           "ThemePicker"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
