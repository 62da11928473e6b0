"""Quote verification: check every quotation in a report draft against the
project's sources before the report is published.

``verify_draft(project, path)`` reads a draft (.docx, .md, .txt, .html), finds
its quotations with the identifier near each (draft.py), matches each against
the sources (matcher.py) and gives it one verdict (verdicts.py).
"""

from vos_coder.verify.verdicts import FAILING, PASSING, VERDICTS, Report, Verdict, verify_draft

__all__ = ["FAILING", "PASSING", "VERDICTS", "Report", "Verdict", "verify_draft"]
