"""What the search screen shows and codes: every hit with its context, and
the memos that match. No Textual here; the functions run in a worker (search)
or on the UI thread (coding) over a Project."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vos_coder.core.context import context_around
from vos_coder.core.filters import Filter
from vos_coder.core.fuzzy import closest
from vos_coder.core.widen import widen


@dataclass(frozen=True)
class Hit:
    source_id: int
    start: int
    end: int
    who: str  # "VoS-AL-04 · Interview 1"
    before: str
    found: str
    after: str

    @property
    def key(self) -> str:
        return f"{self.source_id}:{self.start}:{self.end}"


@dataclass(frozen=True)
class MemoHit:
    memo_id: int
    kind: str
    target_id: int | None
    target: str
    author: str
    text: str


def search_project(p: Any, query: str, f: Filter | None = None) -> tuple[list[Hit], list[MemoHit], str]:
    """Every hit for ``query`` (no cap) in the filter's scope, and the memos
    containing its words that the filter keeps (store: filter_memos). With no hit at all, the closest words of the project
    are tried instead (a misspelling) and the note says so."""
    f = f or Filter()
    found = p.filter_hits(f, p.search_sources(query, None))
    note = ""
    if not found:
        vocab: set[str] = set()
        for s in p.sources():
            vocab.update(w.casefold() for w in re.findall(r"\w{3,}", p.source_text(s.id)))
        guesses = [closest(w, vocab, limit=1, cutoff=75) for w in re.findall(r"\w+", query)]
        better = " ".join(g[0] for g in guesses if g)
        if better and better != query.casefold():
            found = p.filter_hits(f, p.search_sources(better, None))
            note = f"no exact match; showing hits for “{better}”"
    sources = {s.id: s for s in p.sources()}
    texts: dict[int, str] = {}
    hits = []
    for sid, start, end in found:
        text = texts.setdefault(sid, p.source_text(sid))
        s = sources.get(sid)
        # little before and more after: a narrow terminal still shows the hit
        before, words, _ = context_around(text, start, end, 28)
        after = context_around(text, start, end, 70)[2]
        who = str(sid) if s is None else (s.participant if s.title == s.participant
                                          else f"{s.participant} · {s.title}")
        hits.append(Hit(sid, start, end, who, before, words, after))
    memos = [MemoHit(m.id, m.target_kind, m.target_id, m.target, m.author, m.text)
             for m in p.filter_memos(f, p.memo_list(search=query))]
    return hits, memos, note


def widened_spans(p: Any, hits: Sequence[Hit], mode: str) -> list[tuple[int, int, int]]:
    """The span each hit codes: the words, their sentence, or their turn."""
    texts: dict[int, str] = {}
    turns: dict[int, list] = {}
    out = []
    for h in hits:
        text = texts.setdefault(h.source_id, p.source_text(h.source_id))
        if mode != "hit" and h.source_id not in turns:
            turns[h.source_id] = p.turns(h.source_id)
        out.append((h.source_id, *widen(text, h.start, h.end, mode, turns.get(h.source_id, ()))))
    return out


def code_hits(p: Any, hits: Sequence[Hit], theme_ids: Sequence[int], mode: str, coder: str) -> int:
    """Code the hits (widened) with the themes as one undoable action; returns
    how many codings are new."""
    return len(p.code_spans(widened_spans(p, hits, mode), list(theme_ids), coder))
