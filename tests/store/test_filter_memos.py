"""Memos under a filter: kept when on the filter's participants (their sources
and excerpts; with --coder/--status only excerpts the filter keeps), and
always when on a theme or the project."""

from __future__ import annotations

from tests.exporters.quote_fixture import build_quote_project
from vos_coder.core.filters import Filter


def test_filter_keeps_memos_of_the_filtered_participants(tmp_path):
    with build_quote_project(tmp_path / "q.db") as p:
        passages = p.query()
        by_pid: dict[str, list] = {}
        for x in passages:
            by_pid.setdefault(x.participant, []).append(x)
        a, b = sorted(by_pid)[:2]
        pa, pb = by_pid[a][0], by_pid[b][0]
        made = {
            "on a": p.add_memo("participant", p.participant(a).id, "on a"),
            "source of b": p.add_memo("source", pb.source_id, "source of b"),
            "excerpt of a": p.add_memo("excerpt", pa.excerpt_id, "excerpt of a"),
            "excerpt of b": p.add_memo("excerpt", pb.excerpt_id, "excerpt of b"),
            "project": p.add_memo("project", None, "project"),
            "theme": p.add_memo("theme", p.themes()[0].id, "theme"),
        }
        memos = p.memo_list()

        def kept(f):
            return sorted(m.text for m in p.filter_memos(f, memos))

        assert kept(Filter()) == sorted(made)
        assert kept(Filter(participants=(a,))) == ["excerpt of a", "on a", "project", "theme"]
        assert kept(Filter(participants=(b,))) == ["excerpt of b", "project", "source of b", "theme"]
        # --status keeps an excerpt memo only when its passage has that status
        status = pa.quote_status
        other = next(s for s in ("candidate", "approved", "excluded") if s != status)
        assert "excerpt of a" in kept(Filter(participants=(a,), status=status))
        assert "excerpt of a" not in kept(Filter(participants=(a,), status=other))
