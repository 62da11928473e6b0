"""Per-theme counts kept up to date in the transaction of every change.

``theme_tally`` holds, per participant and theme (the theme's sub-themes
included), how many distinct excerpts are coded (those the interviewer spoke
left out: they are not the participant's words): once per coder and once for
every coder together (``coder`` NULL). ``stats themes``, the workbench's
codebook and every other count per theme read these few rows (themes x
participants x coders) instead of every coding.

Keeping it right does not depend on each write path remembering it: triggers
(migration 4) mark the participant of every coding, excerpt or source that
changes, and every participant when a theme moves, in ``tally_dirty``; the end
of each transaction recounts the participants marked, from the raw tables,
before COMMIT. A bulk coding (``code_many``) marks its sources' participants
itself and, while it inserts, holds the mark of participant 0, which the
insert trigger stands aside for (migration 5); it removes that mark before
anything else can write. A reader that finds a participant still marked (a write made
outside ``Project.transaction``) counts from the raw tables instead, so the
figures are right either way; ``recount`` rebuilds the whole table and says
whether it had drifted (``vos-coder doctor``).
"""

from __future__ import annotations

from vos_coder.core.model import INTERVIEWER
from vos_coder.store._base import ProjectBase

#: The excerpts the interviewer spoke: they start in an interviewer's turn.
#: They are not the participant's words and are never counted for her. Read
#: once per statement from the interviewer's turns (each a range probe of the
#: excerpts' (source, start) index), never per excerpt or coding (a probe of
#: a source's turns per excerpt took a second for one coding in a 100,000-word
#: transcript): ``e.id NOT IN (...)``.
SPOKEN_BY_INTERVIEWER_IDS = (
    "SELECT si.id FROM turns tu JOIN excerpts si ON si.source_id = tu.source_id AND "
    f"si.start >= tu.start AND si.start < tu.\"end\" WHERE tu.speaker = '{INTERVIEWER}'")

# Theme ids with each of their ancestors (and themselves).
_UP = ("up(theme_id, anc) AS (SELECT id, id FROM themes UNION ALL SELECT up.theme_id, t.parent_id "
       "FROM up JOIN themes t ON t.id = up.anc WHERE t.parent_id IS NOT NULL)")

_RECOUNT = (
    "WITH RECURSIVE " + _UP + ", coded(pid, eid, tid, coder) AS ("
    "SELECT s.participant_id, c.excerpt_id, c.theme_id, c.coder FROM {participants} "
    "JOIN excerpts e ON e.source_id = s.id JOIN codings c ON c.excerpt_id = e.id "
    "WHERE {spoken}) "
    "INSERT INTO theme_tally(participant_id, theme_id, coder, excerpts) "
    "SELECT pid, anc, coder, count(DISTINCT eid) FROM coded JOIN up ON up.theme_id = tid "
    "GROUP BY pid, anc, coder "
    "UNION ALL SELECT pid, anc, NULL, count(DISTINCT eid) FROM coded JOIN up ON up.theme_id = tid "
    "GROUP BY pid, anc")

RECOUNT_DIRTY = _RECOUNT.format(
    participants="tally_dirty d JOIN sources s ON s.participant_id = d.participant_id",
    spoken=f"e.id NOT IN ({SPOKEN_BY_INTERVIEWER_IDS} AND tu.source_id IN (SELECT ds.id FROM "
           "tally_dirty dd JOIN sources ds ON ds.participant_id = dd.participant_id))")
RECOUNT_ALL = _RECOUNT.format(participants="sources s",
                              spoken=f"e.id NOT IN ({SPOKEN_BY_INTERVIEWER_IDS})")

_MARK = ("INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT s.participant_id "
         "FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE e.id = {}.excerpt_id;")

# Applied by migration 4 (store/migrations.py).
DDL = f"""
CREATE TABLE theme_tally (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    theme_id       INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    coder          TEXT,
    excerpts       INTEGER NOT NULL
);
CREATE INDEX theme_tally_participant ON theme_tally(participant_id);
CREATE TABLE tally_dirty (participant_id INTEGER PRIMARY KEY);
CREATE TRIGGER codings_tally_ai AFTER INSERT ON codings BEGIN
    {_MARK.format("NEW")}
END;
CREATE TRIGGER codings_tally_ad AFTER DELETE ON codings BEGIN
    {_MARK.format("OLD")}
END;
CREATE TRIGGER codings_tally_au AFTER UPDATE OF excerpt_id, theme_id, coder ON codings BEGIN
    {_MARK.format("OLD")}
    {_MARK.format("NEW")}
END;
CREATE TRIGGER excerpts_tally_ad AFTER DELETE ON excerpts BEGIN
    INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT participant_id FROM sources WHERE id = OLD.source_id;
END;
CREATE TRIGGER excerpts_tally_au AFTER UPDATE OF source_id ON excerpts BEGIN
    INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT participant_id FROM sources
        WHERE id IN (OLD.source_id, NEW.source_id);
END;
CREATE TRIGGER sources_tally_ad AFTER DELETE ON sources BEGIN
    INSERT OR IGNORE INTO tally_dirty(participant_id) VALUES (OLD.participant_id);
END;
CREATE TRIGGER sources_tally_au AFTER UPDATE OF participant_id ON sources BEGIN
    INSERT OR IGNORE INTO tally_dirty(participant_id) VALUES (OLD.participant_id), (NEW.participant_id);
END;
CREATE TRIGGER themes_tally_au AFTER UPDATE OF parent_id ON themes
    WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
    INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT id FROM participants;
END;
"""

# Migration 5: the trigger above, standing aside while a bulk coding (which
# marks its participants itself) holds the mark of participant 0.
MARK_CODING_ADDED = f"""CREATE TRIGGER codings_tally_ai AFTER INSERT ON codings
    WHEN NOT EXISTS (SELECT 1 FROM tally_dirty WHERE participant_id = 0) BEGIN
    {_MARK.format("NEW")}
END"""


# Migration 6: the interviewer's passages are left out of the counts, so a
# change to the turns of a coded source (an edit moving them, a speaker
# changed, a turn deleted), or an excerpt moved within its source, marks its
# participant too. A source's turns are inserted with the source, before it
# has any passage: no trigger on insert (one per turn cost an import of 1,000
# files about a fifth of its time).
_MARK_SOURCE = ("INSERT OR IGNORE INTO tally_dirty(participant_id) SELECT participant_id "
                "FROM sources WHERE id = {0}.source_id;")
_CODED = "EXISTS (SELECT 1 FROM excerpts WHERE source_id = {0}.source_id)"
#: Each a statement of its own (migration 7 makes them again, inside its transaction).
TURNS_TRIGGERS = (
    f"""CREATE TRIGGER turns_tally_ad AFTER DELETE ON turns WHEN {_CODED.format("OLD")} BEGIN
    {_MARK_SOURCE.format("OLD")}
END""",
    f"""CREATE TRIGGER turns_tally_au AFTER UPDATE OF source_id, speaker, start, "end" ON turns BEGIN
    {_MARK_SOURCE.format("OLD")}
    {_MARK_SOURCE.format("NEW")}
END""",
)
TURNS_MARK = "".join(f"\n{ddl};" for ddl in TURNS_TRIGGERS) + f"""
CREATE TRIGGER excerpts_tally_moved AFTER UPDATE OF start ON excerpts
    WHEN OLD.start IS NOT NEW.start BEGIN
    {_MARK_SOURCE.format("NEW")}
END;
"""


class TallyMixin(ProjectBase):
    def _settle(self) -> None:
        """Recount the participants marked since the last settle (called by
        ``transaction`` just before COMMIT)."""
        if self.db.execute("SELECT 1 FROM tally_dirty LIMIT 1").fetchone() is None:
            return
        self.db.execute("DELETE FROM theme_tally WHERE participant_id IN "
                        "(SELECT participant_id FROM tally_dirty)")
        self.db.execute(RECOUNT_DIRTY)
        self.db.execute("DELETE FROM tally_dirty")

    def tally_settled(self) -> bool:
        """True when the maintained counts can be read as they are."""
        return self.db.execute("SELECT 1 FROM tally_dirty LIMIT 1").fetchone() is None

    def tally_rows(self) -> list[tuple[int, int, str | None, int]]:
        """The maintained counts, ``(participant_id, theme_id, coder, excerpts)``, sorted."""
        return sorted(self.db.execute(
            "SELECT participant_id, theme_id, coder, excerpts FROM theme_tally").fetchall(),
            key=lambda r: (r[0], r[1], r[2] is not None, r[2] or ""))

    def recount_tally(self) -> int:
        """Rebuild the maintained counts from the raw tables, in one
        transaction. Returns how many rows were wrong or missing before (0:
        they were right)."""
        with self.transaction():
            before = self.tally_rows() if self.tally_settled() else None
            self.db.execute("DELETE FROM theme_tally")
            self.db.execute(RECOUNT_ALL)
            self.db.execute("DELETE FROM tally_dirty")
            after = self.tally_rows()
        if before is None:
            return 0
        return len(set(before) ^ set(after))
