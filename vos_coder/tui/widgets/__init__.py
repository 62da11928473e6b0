"""Widgets of the workbench."""

from vos_coder.tui.widgets.codebook_tree import CodebookTree
from vos_coder.tui.widgets.excerpt_table import ExcerptTable
from vos_coder.tui.widgets.filter_bar import FilterBar
from vos_coder.tui.widgets.transcript_view import Legend, TranscriptView

__all__ = ["CodebookTree", "ExcerptTable", "FilterBar", "Legend", "TranscriptView"]
