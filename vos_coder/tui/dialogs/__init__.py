"""Modal dialogs."""

from vos_coder.tui.dialogs.picker import ThemePicker
from vos_coder.tui.dialogs.text_input import TextInputDialog

__all__ = ["TextInputDialog", "ThemePicker"]
