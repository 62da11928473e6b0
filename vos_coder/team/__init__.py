"""Teams of coders: merging coders' copies of a project, agreement between
coders, and the passages where they differ."""

from vos_coder.team.agree import (
    Disagreement,
    ThemeAgreement,
    agreement_table,
    disagreements,
    parse_coders,
    settle,
)
from vos_coder.team.merge import RULES, MergeConflict, MergeReport, merge_project, resolve_quote

__all__ = [
    "RULES", "Disagreement", "MergeConflict", "MergeReport", "ThemeAgreement", "agreement_table",
    "disagreements", "merge_project", "parse_coders", "resolve_quote", "settle",
]
