"""One verdict for each quotation of a draft.

A quotation gets the most serious of the problems it has, the others go in
its notes. From most to least serious:

- ``withdrawn participant``: it comes from a participant who withdrew consent;
- ``flagged identifier``: the disclosure check (vos_coder.privacy.disclosure,
  imported only if present) flags something in it that could identify a person;
- ``not found``: no source holds it, not even altered;
- ``wrong attribution``: found, but in another participant's source (or with
  no identifier where the participant's group is attributed by identifier);
- ``altered``: found, but its words differ (with a word-level diff);
- ``not an approved quote``: its passage is not covered by an approved quote;
- ``faithful``: it differs only by the allowed marks, whitespace and
  quotation-mark style;
- ``exact``: character for character.

Only ``exact`` and ``faithful`` pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vos_coder.store import Project
from vos_coder.verify.draft import DraftQuote, read_quotes
from vos_coder.verify.matcher import Corpus, Match, SourceInfo, match_quote, words_of

VERDICTS = ("withdrawn participant", "flagged identifier", "not found", "wrong attribution",
            "altered", "not an approved quote", "faithful", "exact")
PASSING = ("exact", "faithful")
FAILING = tuple(v for v in VERDICTS if v not in PASSING)
SPAN_SLACK = 2  # characters an approved excerpt may fall short of the quoted span (punctuation)


@dataclass(frozen=True)
class Verdict:
    """The verdict on one quotation of the draft."""

    quote: DraftQuote
    verdict: str
    match: Match | None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.verdict in PASSING

    def as_dict(self) -> dict[str, Any]:
        m = self.match
        return {
            "n": self.quote.n,
            "where": self.quote.where,
            "quote": self.quote.text,
            "identifier": self.quote.identifier,
            "attribution": self.quote.attribution or None,
            "verdict": self.verdict,
            "ok": self.ok,
            "source": m.source.id if m else None,
            "source_title": m.source.title if m else None,
            "participant": m.source.participant if m else None,
            "start": m.start if m else None,
            "end": m.end if m else None,
            "score": m.score if m else None,
            "passage": m.passage if m else None,
            "diff": m.diff_text() if m and m.how == "fuzzy" else None,
            "notes": list(self.notes),
        }


@dataclass
class Report:
    """Every verdict on a draft, and whether the disclosure check took part."""

    draft: Path
    verdicts: list[Verdict] = field(default_factory=list)
    disclosure_checked: bool = False

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def counts(self) -> dict[str, int]:
        """Quotations per verdict, every verdict listed (most serious first)."""
        c = Counter(v.verdict for v in self.verdicts)
        return {name: c.get(name, 0) for name in VERDICTS}

    def as_dict(self) -> dict[str, Any]:
        return {"draft": str(self.draft), "quotations": len(self.verdicts), "ok": self.ok,
                "disclosure_checked": self.disclosure_checked, "counts": self.counts(),
                "verdicts": [v.as_dict() for v in self.verdicts]}


Flags = Callable[[DraftQuote, Match | None, int | None], list[str]]


def _disclosure(project: Project, key_path: Path | None = None) -> Flags | None:
    """The disclosure check (vos_coder.privacy.disclosure) as
    ``(quotation, match, excerpt id) -> [what it flags]``, or None when that
    module is not installed. The identifier lists come from the key file
    (``--key``, else ``$VOS_CODER_KEY``, else ``<project>.key``); without one
    only the pattern detectors (phone, e-mail, address...) run. Hits a lead
    dismissed as false positives for the same passage are left out."""
    try:
        from vos_coder.privacy.disclosure import Checked, check_texts, open_hits
        from vos_coder.privacy.keyfile import default_key_path, load_key
    except ImportError:
        return None
    key = load_key(Path(key_path) if key_path else default_key_path(Path(project.path)),
                   must_exist=key_path is not None)
    dismissed = project.dismissed_fingerprints() if hasattr(project, "dismissed_fingerprints") else set()

    def flags(q: DraftQuote, m: Match | None, excerpt_id: int | None) -> list[str]:
        who = m.source.participant if m else (q.identifier or "")
        # A quotation that is the source's own words lives where they do, so a
        # hit the lead dismissed there is not raised again here.
        exact = m is not None and m.passage == q.text
        item = Checked(who, excerpt_id, f"draft {q.where}", q.text,
                       f"source {m.source.id}" if exact else "", m.start if exact else 0)
        return [f"{h.kind} {h.matched!r} (would be {h.suggestion})"
                for h in open_hits(check_texts([item], key, dismissed))]

    return flags


def _approval(project: Project, m: Match) -> tuple[str | None, int | None]:
    """(None when an approved quote covers the span, else a note saying why
    not; the id of the excerpt that covers the span, if any)."""
    rows = project.verify_quotes_over(m.source.id, m.start, m.end)
    covering = [r for r in rows if r["start"] <= m.start + SPAN_SLACK and r["end"] >= m.end - SPAN_SLACK]
    excerpt = covering[0]["excerpt_id"] if covering else None
    for r in covering:
        if r["status"] == "approved":
            return None, r["excerpt_id"]
    excluded = [f"Q-{r['number']:03d}" for r in rows if r["status"] == "excluded"]
    if excluded:
        return f"not an approved quote: {', '.join(excluded)} was excluded", excerpt
    if rows:
        labels = ", ".join(f"Q-{r['number']:03d} ({r['status']})" for r in rows)
        return f"not an approved quote: overlaps {labels}", excerpt
    return "not an approved quote: no curated quote covers this passage", excerpt


def _attribution(q: DraftQuote, src: SourceInfo) -> str | None:
    if q.identifier and q.identifier != src.participant:
        return f"wrong attribution: the draft says {q.identifier}, the passage is {src.participant}'s"
    if not q.identifier and src.attribution == "identifier":
        return f"wrong attribution: no identifier near it; the passage is {src.participant}'s"
    return None


def judge(project: Project, q: DraftQuote, m: Match | None, flags: Flags | None) -> Verdict:
    """The verdict on one quotation, given where (if anywhere) it was found."""
    problems: dict[str, str] = {}
    approval, excerpt_id = _approval(project, m) if m is not None else (None, None)
    if flags is not None:
        hits = flags(q, m, excerpt_id)
        if hits:
            problems["flagged identifier"] = "flagged identifier: " + "; ".join(hits)
    if m is None:
        problems["not found"] = "not found in any source"
    else:
        if m.source.consent == "withdrawn":
            problems["withdrawn participant"] = f"withdrawn participant: {m.source.participant} withdrew"
        wrong = _attribution(q, m.source)
        if wrong:
            problems["wrong attribution"] = wrong
        if m.how == "fuzzy":
            problems["altered"] = f"altered ({m.score:.0f}% alike): {m.diff_text()}"
        if approval:
            problems["not an approved quote"] = approval
    for name in VERDICTS:
        if name in problems:
            notes = tuple(problems[k] for k in VERDICTS if k in problems)
            return Verdict(q, name, m, notes)
    return Verdict(q, "exact" if m and m.how == "exact" else "faithful", m)


def verify_quotes(project: Project, quotes: list[DraftQuote], disclosure: bool = True,
                  key_path: Path | None = None) -> tuple[list[Verdict], bool]:
    """Verdicts for already-extracted quotations; also whether the
    disclosure check ran."""
    corpus = Corpus([
        (SourceInfo(r["id"], r["participant"], r["consent"], r["grp"], r["attribution"],
                    r["label"], r["title"]), r["text"])
        for r in project.verify_sources()])
    flags = _disclosure(project, key_path) if disclosure else None
    out = []
    for q in quotes:
        m = match_quote(corpus, q.text, q.identifier,
                        lambda q=q: project.verify_candidates(words_of(q.text)))
        out.append(judge(project, q, m, flags))
    return out, flags is not None


def verify_draft(project: Project, path: Path, disclosure: bool = True,
                 key_path: Path | None = None) -> Report:
    """Check every quotation of the draft at ``path`` against the project's
    sources (and, when installed, the disclosure check with ``key_path``)."""
    quotes = read_quotes(Path(path), project.scheme)
    verdicts, checked = verify_quotes(project, quotes, disclosure, key_path)
    return Report(Path(path), verdicts, checked)
