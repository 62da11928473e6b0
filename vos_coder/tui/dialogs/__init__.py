"""Modal dialogs."""

from vos_coder.tui.dialogs.confirm import ConfirmDialog
from vos_coder.tui.dialogs.memo_editor import MemoDraft, MemoEditor, MemoTarget
from vos_coder.tui.dialogs.picker import ThemePicker
from vos_coder.tui.dialogs.quick_key import QuickKeyDialog
from vos_coder.tui.dialogs.text_input import TextInputDialog

__all__ = ["ConfirmDialog", "MemoDraft", "MemoEditor", "MemoTarget", "QuickKeyDialog", "TextInputDialog", "ThemePicker"]
