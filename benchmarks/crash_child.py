"""The process the crash test kills: a seeded stream of edits through CX Desk's own store.

    uv run python benchmarks/crash_child.py edit DB --seed N --backups DIR
    uv run python benchmarks/crash_child.py migrate DB --backups DIR
    uv run python benchmarks/crash_child.py backup DB --backups DIR

``edit`` opens ``DB`` with the app's ``open_database`` (creating it, or continuing from
what an earlier, killed child left) and performs edits for ever through the store
functions the UI calls (clients, engagements, milestones, expectation rows added, edited,
moved, deleted and revalidated, RATER assessments, respondents and scores, pulse checks,
the emotion map's phases, touchpoints, stakeholders' emotions, handoff ticks and
revisits) until the parent kills it. It reports on stdout, one flushed line each:

``OPENED <created> <digest>``
    the database is open; ``digest`` is a hash of its whole content.
``P <op> <digest>``
    op ``op`` is about to commit: written from inside the transaction, after the last
    statement and before SQLite's COMMIT, with the digest of the content it commits. If
    the child dies now the database holds either the previous state or this one.
``C <op> <digest> <fact>``
    op ``op`` has committed (the store function returned). ``fact`` is JSON:
    ``{"op": "...", "sql": "...", "params": [...], "rows": [...]}``, a query the parent
    runs on its own to check the edit is there, independently of the digest.

``migrate`` prints ``START``, opens (so migrates) an older database, prints
``DONE <revision> <digest>`` and waits to be killed.

``backup`` opens ``DB`` (creating it with a few rows, or as an earlier child left it),
starts the app's own ``make_backup`` into ``--backups`` and stops inside SQLite's copy:
the first pages are written to the hidden ``.…partial`` file and its rollback journal is
on disk. It prints ``COPYING <partial path>`` and waits there to be killed: the state a
kill in the middle of a long backup leaves.

:func:`digest` is shared with the parent (``crash_test.py``), which recomputes it on the
file after the kill.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TRICKY = (
    "Zoë Łukasiewicz",
    "Ελένη",
    "Фёдор",
    "R&D <core>",
    "x" * 300,
    "two\nlines",
    "=cmd|' /C calc'!A0",
)


def digest(conn: sqlite3.Connection) -> str:
    """A hash of every row of every table (schema included), in a fixed order."""
    h = hashlib.sha256()
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    h.update(repr(schema).encode())
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall():
        h.update(name.encode())
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            h.update(repr(row).encode())
    return h.hexdigest()[:24]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Reporter:
    """Hooks the engine's commit: the pending line goes out just before SQLite commits."""

    def __init__(self) -> None:
        self.op = 0
        self.pending: str | None = None

    def install(self, engine: Any) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "commit")
        def _before_commit(conn: Any) -> None:
            raw = conn.connection.driver_connection
            self.pending = digest(raw)
            say(f"P {self.op} {self.pending}")


Fact = dict[str, Any]


def fact(op: str, sql: str, params: list[Any], rows: list[list[Any]]) -> Fact:
    return {"op": op, "sql": sql, "params": params, "rows": rows}


class Editor:
    """Chooses and performs one edit at a time, from what the database holds now."""

    def __init__(self, db: Any, rng: random.Random) -> None:
        self.db = db
        self.rng = rng
        self.n = 0

    def text(self, what: str, limit: int = 200) -> str:
        """Text naming the op, a tricky string now and then; at most ``limit`` letters."""
        if self.rng.random() < 0.15:
            return f"{self.rng.choice(TRICKY)} {what} {self.n}"[-limit:]
        return f"{what} {self.n}-{self.rng.randrange(10**6)}"

    def engagement(self) -> tuple[int, int] | None:
        from cxdesk.store import workspace as ws

        pairs = [(c.id, e.id) for c, es in ws.list_clients(self.db) for e in es]
        return self.rng.choice(pairs) if pairs else None

    def step(self) -> Fact:
        self.n += 1
        picked = self.engagement()
        if picked is None or self.rng.random() < 0.02:
            return self.add_client_and_engagement()
        _client_id, engagement_id = picked
        ops: list[tuple[int, Callable[[int], Fact | None]]] = [
            (3, self.rename_client),
            (4, self.add_milestone),
            (14, self.add_item),
            (20, self.update_item),
            (6, self.move_item),
            (4, self.delete_item),
            (3, self.revalidate),
            (2, self.add_assessment),
            (4, self.add_respondent),
            (8, self.score_respondent),
            (5, self.add_pulse),
            (7, self.journey_touchpoint),
            (6, self.journey_emotion),
            (4, self.tick_handoff),
            (2, self.revisit),
            (1, self.delete_engagement),
        ]
        for _ in range(20):
            action = self.rng.choices([a for _, a in ops], [w for w, _ in ops])[0]
            done = action(engagement_id)
            if done is not None:
                return done
        return self.add_item(engagement_id)

    # --- the edits ------------------------------------------------------------------

    def add_client_and_engagement(self) -> Fact:
        from cxdesk.store import workspace as ws

        client = ws.add_client(self.db, self.text("Client"))
        engagement = ws.add_engagement(self.db, client.id, self.text("Engagement"))
        return fact(
            "add_engagement",
            "SELECT client_id, name FROM engagement WHERE id = ?",
            [engagement.id],
            [[client.id, engagement.name]],
        )

    def rename_client(self, engagement_id: int) -> Fact:
        from cxdesk.store import workspace as ws

        found = ws.get_engagement(self.db, engagement_id)
        assert found is not None
        client = ws.rename_client(self.db, found.client_id, self.text("Client"))
        return fact(
            "rename_client", "SELECT name FROM client WHERE id = ?", [client.id], [[client.name]]
        )

    def add_milestone(self, engagement_id: int) -> Fact:
        from cxdesk.store import workspace as ws

        due = date(2026, 1, 1) + timedelta(days=self.rng.randrange(365))
        m = ws.add_milestone(self.db, engagement_id, self.text("Milestone"), due)
        return fact(
            "add_milestone",
            "SELECT engagement_id, position, name, due_date FROM milestone WHERE id = ?",
            [m.id],
            [[engagement_id, m.position, m.name, due.isoformat()]],
        )

    def _level(self) -> int | None:
        return None if self.rng.random() < 0.1 else self.rng.randint(1, 5)

    def add_item(self, engagement_id: int) -> Fact:
        from cxdesk.store import expectations as ex

        count = len(ex.list_items(self.db, engagement_id))
        at = None if self.rng.random() < 0.6 else self.rng.randint(0, count)
        item = ex.add_item(
            self.db,
            engagement_id,
            at,
            expects=self.text("Expects"),
            expected_level=self._level(),
            delivered_level=self._level(),
        )
        return fact(
            "add_item",
            "SELECT engagement_id, position, expects, expected_level, delivered_level "
            "FROM expectation_item WHERE id = ?",
            [item.id],
            [
                [
                    engagement_id,
                    item.position,
                    item.expects,
                    item.expected_level,
                    item.delivered_level,
                ]
            ],
        )

    def _item(self, engagement_id: int) -> Any:
        from cxdesk.store import expectations as ex

        items = ex.list_items(self.db, engagement_id)
        return self.rng.choice(items) if items else None

    def update_item(self, engagement_id: int) -> Fact | None:
        from cxdesk.models.journey import ExpectationStatus
        from cxdesk.store import expectations as ex

        item = self._item(engagement_id)
        if item is None:
            return None
        field = self.rng.choice(
            ["notes", "needs", "owner", "expected_level", "experienced_level", "status"]
        )
        value: Any
        if field.endswith("_level"):
            value = self._level()
        elif field == "status":
            value = self.rng.choice(list(ExpectationStatus)).value
        else:
            value = self.text(field)
        updated = ex.update_item(self.db, item.id, field, value)
        return fact(
            "update_item",
            f"SELECT {field} FROM expectation_item WHERE id = ?",
            [item.id],
            [[getattr(updated, field)]],
        )

    def move_item(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import expectations as ex

        items = ex.list_items(self.db, engagement_id)
        if len(items) < 2:
            return None
        item = self.rng.choice(items)
        order = ex.move_item(self.db, item.id, self.rng.randrange(len(items)))
        return fact(
            "move_item",
            "SELECT id FROM expectation_item WHERE engagement_id = ? ORDER BY position",
            [engagement_id],
            [[i.id] for i in order],
        )

    def delete_item(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import expectations as ex

        item = self._item(engagement_id)
        if item is None:
            return None
        ex.delete_items(self.db, [item.id])
        return fact(
            "delete_item",
            "SELECT count(*) FROM expectation_item WHERE id = ?",
            [item.id],
            [[0]],
        )

    def _milestone(self, engagement_id: int) -> Any:
        from cxdesk.store import workspace as ws

        milestones = ws.list_milestones(self.db, engagement_id)
        return self.rng.choice(milestones) if milestones else None

    def revalidate(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import expectations as ex

        milestone = self._milestone(engagement_id)
        if milestone is None:
            return None
        ex.revalidate(self.db, milestone.id)
        items = ex.list_items(self.db, engagement_id)
        return fact(
            "revalidate",
            "SELECT item_id, expected_level FROM expectation_snapshot WHERE milestone_id = ? "
            "ORDER BY item_id",
            [milestone.id],
            [[i.id, i.expected_level] for i in sorted(items, key=lambda i: i.id)],
        )

    def add_assessment(self, engagement_id: int) -> Fact:
        from cxdesk.store import rater

        milestone = self._milestone(engagement_id)
        a = rater.add_assessment(
            self.db,
            engagement_id,
            self.text("Assessment"),
            held_on=date(2026, 3, 1) + timedelta(days=self.rng.randrange(200)),
            milestone_id=milestone.id if milestone else None,
        )
        return fact(
            "add_assessment",
            "SELECT engagement_id, title FROM rater_assessment WHERE id = ?",
            [a.id],
            [[engagement_id, a.title]],
        )

    def _assessment(self, engagement_id: int) -> Any:
        from cxdesk.store import rater

        found = rater.list_assessments(self.db, engagement_id)
        return self.rng.choice(found) if found else None

    def add_respondent(self, engagement_id: int) -> Fact | None:
        from cxdesk.models.servqual import RespondentSide
        from cxdesk.store import rater

        a = self._assessment(engagement_id)
        if a is None:
            return None
        side = self.rng.choice(list(RespondentSide))
        r = rater.add_respondent(self.db, a.id, self.text("Person", 150), side)
        return fact(
            "add_respondent",
            "SELECT assessment_id, name, side FROM rater_respondent WHERE id = ?",
            [r.id],
            [[a.id, r.name, r.side]],
        )

    def score_respondent(self, engagement_id: int) -> Fact | None:
        from cxdesk.models.feedback_entities import SCORE_FIELDS
        from cxdesk.store import rater

        a = self._assessment(engagement_id)
        people = rater.list_respondents(self.db, a.id) if a else []
        if not people:
            return None
        person = self.rng.choice(people)
        field = self.rng.choice(SCORE_FIELDS)
        r = rater.update_respondent(self.db, person.id, field, self.rng.randint(1, 7))
        return fact(
            "score_respondent",
            f"SELECT {field} FROM rater_respondent WHERE id = ?",
            [r.id],
            [[getattr(r, field)]],
        )

    def add_pulse(self, engagement_id: int) -> Fact:
        from cxdesk.store import pulse

        p = pulse.add_pulse(
            self.db,
            engagement_id,
            date(2026, 2, 1) + timedelta(days=self.rng.randrange(300)),
            confidence=self.rng.randint(1, 10),
            csat=self.rng.randint(1, 5),
            working=self.text("Working"),
        )
        return fact(
            "add_pulse",
            "SELECT engagement_id, confidence, csat, working FROM pulse_check WHERE id = ?",
            [p.id],
            [[engagement_id, p.confidence, p.csat, p.working]],
        )

    def _map(self, engagement_id: int) -> Any:
        from cxdesk.store import journey_map as jm

        journey = jm.load_map(self.db, engagement_id)
        if not journey.phases:
            jm.add_default_phases(self.db, engagement_id)
            return None  # committed: this step is the seeding (reported as such)
        return journey

    def _seeded(self, engagement_id: int) -> Fact:
        return fact(
            "add_default_phases",
            "SELECT count(*) > 0 FROM map_phase WHERE engagement_id = ?",
            [engagement_id],
            [[1]],
        )

    def journey_touchpoint(self, engagement_id: int) -> Fact:
        from cxdesk.store import journey_map as jm

        journey = self._map(engagement_id)
        if journey is None:
            return self._seeded(engagement_id)
        touchpoints = [t for p in journey.phases for t in p.touchpoints]
        if touchpoints and self.rng.random() < 0.6:
            t = self.rng.choice(touchpoints)
            emotion = self.rng.randint(-3, 3)
            done = jm.update_touchpoint(self.db, t.id, "emotion", emotion)
            return fact(
                "touchpoint_emotion",
                "SELECT emotion FROM touchpoint WHERE id = ?",
                [t.id],
                [[done.emotion]],
            )
        phase = self.rng.choice(journey.phases)
        t = jm.add_touchpoint(
            self.db, phase.id, name=self.text("Touchpoint"), emotion=self.rng.randint(-3, 3)
        )
        return fact(
            "add_touchpoint",
            "SELECT phase_id, position, name, emotion FROM touchpoint WHERE id = ?",
            [t.id],
            [[phase.id, t.position, t.name, t.emotion]],
        )

    def journey_emotion(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import journey_map as jm

        journey = self._map(engagement_id)
        if journey is None:
            return self._seeded(engagement_id)
        touchpoints = [t for p in journey.phases for t in p.touchpoints]
        if not touchpoints:
            return None
        if len(journey.stakeholders) < 3 and self.rng.random() < 0.3:
            s = jm.add_stakeholder(self.db, engagement_id, self.text("Stakeholder", 150))
            return fact(
                "add_stakeholder",
                "SELECT engagement_id, name FROM stakeholder WHERE id = ?",
                [s.id],
                [[engagement_id, s.name]],
            )
        if not journey.stakeholders:
            return None
        t = self.rng.choice(touchpoints)
        who = self.rng.choice(journey.stakeholders)
        score = self.rng.randint(-3, 3)
        jm.set_stakeholder_emotion(self.db, t.id, who.id, score)
        return fact(
            "stakeholder_emotion",
            "SELECT emotion FROM stakeholder_emotion "
            "WHERE touchpoint_id = ? AND stakeholder_id = ?",
            [t.id, who.id],
            [[score]],
        )

    def tick_handoff(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import journey_map as jm

        journey = self._map(engagement_id)
        if journey is None:
            return self._seeded(engagement_id)
        items = [i for p in journey.phases for i in p.handoff]
        if not items:
            return None
        item = self.rng.choice(items)
        done = jm.update_handoff_item(self.db, item.id, done=not item.done)
        return fact(
            "tick_handoff",
            "SELECT done FROM handoff_item WHERE id = ?",
            [item.id],
            [[int(done.done)]],
        )

    def revisit(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import journey_map as jm

        journey = self._map(engagement_id)
        if journey is None:
            return self._seeded(engagement_id)
        milestone = self._milestone(engagement_id)
        scored = [t for p in journey.phases for t in p.touchpoints if t.emotion is not None]
        if milestone is None or not scored:
            return None
        revisit_id = jm.revisit(self.db, milestone.id)
        return fact(
            "revisit",
            "SELECT count(*) FROM emotion_snapshot WHERE revisit_id = ?",
            [revisit_id],
            [[len(scored)]],
        )

    def delete_engagement(self, engagement_id: int) -> Fact | None:
        from cxdesk.store import workspace as ws

        if sum(len(es) for _, es in ws.list_clients(self.db)) < 3:
            return None
        ws.delete_engagement(self.db, engagement_id)
        return fact(
            "delete_engagement",
            "SELECT count(*) FROM engagement WHERE id = ?",
            [engagement_id],
            [[0]],
        )


def run_edits(path: Path, seed: int, backups: Path) -> None:
    from cxdesk.store.database import open_database
    from cxdesk.store.errors import EditRefused

    reporter = Reporter()
    # The engine is made inside open_database; hook it there so the first commit (the
    # schema of a new file) is reported as op 0 too.
    from cxdesk.store import database

    real_store_engine = database.store_engine

    def store_engine(engine: Any) -> Any:
        engine = real_store_engine(engine)
        reporter.install(engine)
        return engine

    database.store_engine = store_engine  # type: ignore[assignment]
    db = open_database(path, backup_folder=backups)
    raw = db.engine.raw_connection()
    try:
        say(f"OPENED {int(db.created)} {digest(raw.driver_connection)}")  # type: ignore[arg-type]
    finally:
        raw.close()
    editor = Editor(db, random.Random(seed))
    for op in range(1, 1_000_000):
        reporter.op = op
        reporter.pending = None
        try:
            done = editor.step()
        except EditRefused as exc:
            say(f"R {op} {json.dumps(exc.message)}")
            continue
        if reporter.pending is None:
            raise RuntimeError(f"op {op} ({done['op']}) returned without committing")
        say(f"C {op} {reporter.pending} {json.dumps(done, ensure_ascii=True)}")


def run_migration(path: Path, backups: Path) -> None:
    # Alembic imported before the clock starts (cxdesk.store.migrate imports it lazily).
    from alembic import command  # noqa: F401

    from cxdesk.store.database import open_database

    say("START")
    db = open_database(path, backup_folder=backups)
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        say(f"DONE {revision} {digest(raw)}")
    while True:  # hold the database open, as the app would, until killed
        time.sleep(0.5)
        say("WAITING")  # and die of a broken pipe if the parent is gone


def run_backup(path: Path, backups: Path) -> None:
    import threading

    from cxdesk.store import backups as backup_module
    from cxdesk.store import workspace as ws
    from cxdesk.store.backups import BackupReason, make_backup
    from cxdesk.store.database import open_database

    new = not path.exists()
    with open_database(path, backup_folder=backups) as db:
        if new:  # a second run backs the same data up again
            for n in range(20):
                ws.add_client(db, f"{TRICKY[n % len(TRICKY)][:100]} {n}")

    def copy_one_page_then_wait(source: Path, target: Path) -> None:
        """The app's copy, one page per step: after the first step the copy is under
        way (its transaction open, its journal written); stop there for good."""

        def stop(_status: int, remaining: int, _total: int) -> None:
            if remaining > 0:
                say(f"COPYING {target}")
                threading.Event().wait()  # until SIGKILL

        with backup_module._read_only(source) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst, pages=1, progress=stop)

    backup_module._copy = copy_one_page_then_wait
    make_backup(path, backups, BackupReason.START)
    raise RuntimeError("the backup finished: the database was too small to stop inside it")


def without_our_begin() -> None:
    """The control: the app's pragmas, but SQLite left in pysqlite's autocommit (no BEGIN
    of our own), so each statement of an edit or a migration commits on its own."""
    from sqlalchemy import event

    from cxdesk.store import sqlite_file

    def configure(engine: Any) -> None:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
                dbapi_connection.execute(f"PRAGMA {pragma}")

    sqlite_file._configure_sqlite = configure


def main(argv: list[str] | None = None) -> None:
    if os.environ.get("CXDESK_CRASH_CONTROL") == "no-begin":
        without_our_begin()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["edit", "migrate", "backup"])
    parser.add_argument("db", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backups", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.mode == "edit":
        run_edits(args.db, args.seed, args.backups)
    elif args.mode == "backup":
        run_backup(args.db, args.backups)
    else:
        run_migration(args.db, args.backups)


if __name__ == "__main__":
    main()
