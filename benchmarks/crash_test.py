"""The proof: SIGKILL a process editing a workspace, 100+ times; nothing is lost.

    uv run python benchmarks/crash_test.py [--kills 120] [--chain 10] [--migration-kills 20]
                                           [--seed 7] [--dir PATH] [--control no-begin]

Each kill: start ``crash_child.py edit`` on a database (a fresh file every ``--chain``
kills, otherwise the file the previous, killed child left), read the lines it reports,
and SIGKILL it at a random moment: 0-600 ms after it opened the file (wherever the edits
are then), right after its Nth reported commit (plus 0-15 ms), or the moment it says a
commit is in flight (from inside the transaction,
just before SQLite's COMMIT). Then, as the app would on its next start:

- ``inspect_database`` (the app's start-up check) accepts the file;
- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` is empty;
- a hash of the whole content equals the child's hash after its last reported commit,
  or the hash it announced for the commit in flight (committed but not yet reported):
  state == replay of the reported ops. Any other state is counted: equal to an earlier
  reported commit -> those commits are *lost*; anything else -> *corrupted*;
- the last reported commit's own query (the "fact") returns what the child said;
- and the next child, continuing on the same file, opens it with exactly that content.

Then ``--migration-kills`` times: a workspace at an older schema revision (1,500 rows
made with that revision's tables) is opened by ``crash_child.py migrate`` (the app's
``open_database``: backup, then Alembic in one transaction) and killed at a random moment
of it. After each kill the file must pass the checks above and hold the *old* schema
with its content unchanged, or the *new* one with every old row kept; never a mix. The
app then opens it (migrating it if it was still old).

Last, ``--creation-kills`` times, a child is killed while it creates a *new* workspace
(the moment the file appears, plus 0-20 ms): the app must then open that path. Today it
does not (see ``new files refused`` in the report, and tests/test_crash_safety.py).

``--control no-begin`` runs the children with SQLite left in pysqlite's autocommit (no
``BEGIN`` of our own), where a kill between two statements of one edit or migration
leaves a mix the checks must catch. Only a kill landing between two statements shows it:
a short control run may well report nothing (tests/test_crash_safety.py checks the
verifier's own failure modes deterministically).

Exit status 0 only if nothing was lost or corrupted and every killed creation opens; 2 if
the only failures are new files refused after a kill during their creation; 1 otherwise
(with a control: 0 if the checks failed, as they must).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crash_child import digest  # noqa: E402

CHILD = HERE / "crash_child.py"
NOTHING = "nothing"  # the state of a file not made yet (missing or empty)
CORE_TABLES = ("client", "engagement", "milestone", "expectation_item", "expectation_snapshot")


@dataclass
class Tally:
    """What the runs found. ``lost`` and ``corrupted`` must stay 0."""

    kills: int = 0
    commits_verified: int = 0
    lost: int = 0
    corrupted: int = 0
    landed: Counter[str] = field(default_factory=Counter)
    outcome: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    migration_kills: int = 0
    migration_old: int = 0
    migration_new: int = 0
    migration_bad: int = 0
    incomplete_backups: int = 0
    creation_kills: int = 0
    new_file_refused: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.corrupted == 0 and self.migration_bad == 0

    def problem(self, text: str) -> None:
        self.problems.append(text)
        print(f"  PROBLEM: {text}", flush=True)


# --- the child process -----------------------------------------------------------------


class Child:
    """A running crash_child.py whose stdout is read line by line, without blocking."""

    def __init__(self, args: list[str], log: Path, control: str | None) -> None:
        env = dict(os.environ)
        if control:
            env["CXDESK_CRASH_CONTROL"] = control
        self.started = time.monotonic()
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=self._log, env=env
        )
        assert self.proc.stdout is not None
        self._fd = self.proc.stdout.fileno()
        self._buffer = b""
        self.lines: list[str] = []
        self.log = log

    def read(self, timeout: float) -> str | None:
        """The next line, or None if none came within ``timeout`` (or the pipe closed)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                return None
            chunk = os.read(self._fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        text = line.decode()
        self.lines.append(text)
        return text

    def wait_for(self, prefix: str, timeout: float) -> str:
        """The first line that starts with ``prefix``, within ``timeout`` seconds in all;
        else the child is killed and RuntimeError says whether it died or hung."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            line = self.read(left)
            if line is None:
                break
            if line.startswith(prefix):
                return line
        try:
            self.proc.wait(timeout=1.0)  # its pipe closed: it is exiting
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(
                f"the child wrote no {prefix} line within {timeout:.0f} s: "
                f"{self.log.read_text()[-2000:]}"
            ) from None
        raise RuntimeError(self.died_alone())

    def kill(self) -> None:
        """SIGKILL, then keep every line it wrote before dying: those were reported."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        while self.read(5.0) is not None:
            pass
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self._log.close()

    def died_alone(self) -> str:
        self.kill()
        return (
            f"the child exited by itself ({self.proc.returncode}): {self.log.read_text()[-2000:]}"
        )


# --- looking at a file the way the app's next start would -----------------------------


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    mode = "?mode=ro" if read_only else ""
    return sqlite3.connect(f"file:{quote(str(path))}{mode}", uri=True, timeout=10)


def examine(path: Path) -> tuple[str, list[str]]:
    """(content hash or NOTHING, problems): the start-up check, integrity, references."""
    from cxdesk.store.errors import DatabaseRefused
    from cxdesk.store.inspection import inspect_database

    if not path.exists() or path.stat().st_size == 0:
        return NOTHING, []
    problems = []
    try:
        inspect_database(path)
    except DatabaseRefused as exc:
        problems.append(f"the app refuses the file: {exc.reason}: {exc.detail}")
    conn = _connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            problems.append(f"integrity_check: {check[:3]}")
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            problems.append(f"foreign_key_check: {orphans[:3]}")
        return digest(conn), problems
    except sqlite3.DatabaseError as exc:
        return "unreadable", [*problems, f"unreadable: {exc}"]
    finally:
        conn.close()


def is_unmade(path: Path) -> bool:
    """A SQLite file with no table at all and no application id: a creation cut short."""
    conn = _connect(path, read_only=True)
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return bool(tables == 0 and conn.execute("PRAGMA application_id").fetchone()[0] == 0)
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def creation_kills(folder: Path, kills: int, seed: int, tally: Tally) -> None:
    """Kill the child while it creates a new workspace (the first start): the moment the
    file appears, plus 0-20 ms, inside the schema's creation. The app must then open the
    path (as new, or as the finished file)."""
    rng = random.Random(seed)
    for n in range(kills):
        path = folder / f"new{n}.cxdb"
        child = Child(
            ["edit", str(path), "--seed", str(n), "--backups", str(folder / "b")],
            folder / f"create-{n}.log",
            None,
        )
        deadline = time.monotonic() + 60
        while not path.exists() and time.monotonic() < deadline:
            if child.proc.poll() is not None:
                raise RuntimeError(child.died_alone())
            time.sleep(0.0005)
        time.sleep(rng.uniform(0.0, 0.02))
        child.kill()
        tally.creation_kills += 1
        state, problems = examine(path)
        opened = any(line.startswith("OPENED ") for line in child.lines)
        if problems and not opened and is_unmade(path):
            tally.new_file_refused += 1
            detail = problems[0]
        elif problems:
            tally.corrupted += 1
            detail = "; ".join(problems)
        else:
            detail = "opens" if state != NOTHING else "no file left (starts as new)"
        print(f"creation kill {n + 1:>2}/{kills}: {detail}", flush=True)
        remove_database(path)


def check_fact(path: Path, fact: dict[str, Any]) -> str | None:
    conn = _connect(path, read_only=True)
    try:
        rows = [list(r) for r in conn.execute(fact["sql"], fact["params"]).fetchall()]
    finally:
        conn.close()
    if rows != fact["rows"]:
        return f"{fact['op']}: {fact['sql']} {fact['params']} gave {rows}, not {fact['rows']}"
    return None


# --- edits, killed ---------------------------------------------------------------------


def kill_plan(rng: random.Random) -> tuple[str, float]:
    r = rng.random()
    if r < 0.25:
        return "after a random delay", rng.uniform(0.0, 0.6)
    if r < 0.6:
        return "after N commits", rng.randint(1, 40)
    return "with a commit in flight", rng.randint(1, 40)


def run_child_until_kill(child: Child, plan: tuple[str, float], rng: random.Random) -> None:
    """Kill ``plan`` seconds after the child opened the file, or at its Nth commit line."""
    how, amount = plan
    if how == "after a random delay":
        child.wait_for("OPENED", 120.0)
        end = time.monotonic() + amount
        while (left := end - time.monotonic()) > 0:
            if child.read(left) is None and child.proc.poll() is not None:
                raise RuntimeError(child.died_alone())
        child.kill()
        return
    wanted = "C" if how == "after N commits" else "P"
    seen = 0
    while seen < amount:
        line = child.read(60.0)
        if line is None:
            raise RuntimeError(child.died_alone())
        if line.startswith(wanted + " ") and not line.startswith("P 0 "):
            seen += 1
    if wanted == "C":
        time.sleep(rng.uniform(0.0, 0.015))
    child.kill()


def verify_edits(path: Path, lines: list[str], before: str, tally: Tally) -> str:
    """Check the file against what the killed child reported; returns the state found."""
    opened = [line.split() for line in lines if line.startswith("OPENED ")]
    pending = [line.split() for line in lines if line.startswith("P ")]
    commits = [line.split(" ", 3) for line in lines if line.startswith("C ")]
    last_op = int(commits[-1][1]) if commits else 0
    if commits:
        base = commits[-1][2]
    elif opened:
        base = opened[0][2]
    else:
        base = before
    in_flight = {p[2] for p in pending if int(p[1]) > last_op or (not commits and not opened)}
    if opened and opened[0][2] != before and not (before == NOTHING and opened[0][1] == "1"):
        tally.corrupted += 1
        tally.problem(f"{path.name}: reopened with other content than the last kill left")
    if not opened:
        where = "while starting/opening"
    elif pending and int(pending[-1][1]) > last_op:
        where = "inside a commit"
    else:
        where = "between edits"
    tally.landed[where] += 1

    state, problems = examine(path)
    if problems and before == NOTHING and not opened and is_unmade(path):
        # Killed while creating a new file: nothing of anyone's is in it, but the app
        # refuses it on the next start. Counted apart (see creation_kills).
        tally.new_file_refused += 1
        tally.problem(f"{path.name}: killed while being created, now refused: {problems[0]}")
        remove_database(path)  # what the person would have to do by hand
        return NOTHING
    if problems:
        tally.corrupted += 1
        tally.problem(f"{path.name} after a kill {where}: {'; '.join(problems)}")
    if state == base:
        tally.outcome["last reported commit"] += 1
        if commits:
            wrong = check_fact(path, json.loads(commits[-1][3]))
            if wrong:
                tally.corrupted += 1
                tally.problem(f"{path.name}: the state hash matches but {wrong}")
    elif state in in_flight:
        tally.outcome["commit in flight landed"] += 1
    else:
        earlier = [int(c[1]) for c in commits if c[2] == state]
        if earlier or (state == before and commits):
            lost = last_op - (earlier[-1] if earlier else 0)
            tally.lost += lost
            tally.problem(f"{path.name}: {lost} reported commit(s) missing after a kill {where}")
        else:
            tally.corrupted += 1
            tally.problem(f"{path.name}: after a kill {where} the content is no reported state")
    if not problems and state in ({base} | in_flight):
        tally.commits_verified += len(commits)
    return state


def edit_kills(
    folder: Path, kills: int, chain: int, seed: int, tally: Tally, control: str | None = None
) -> None:
    rng = random.Random(seed)
    path = folder / "w0.cxdb"
    state = NOTHING
    for n in range(kills):
        fresh = n % chain == 0
        if fresh:
            path = folder / f"w{n // chain}.cxdb"
            state = NOTHING
        plan = kill_plan(rng)
        child = Child(
            ["edit", str(path), "--seed", str(seed * 100_003 + n), "--backups", str(folder / "b")],
            folder / f"child-{n}.log",
            control,
        )
        run_child_until_kill(child, plan, rng)
        tally.kills += 1
        state = verify_edits(path, child.lines, state, tally)
        commits = sum(1 for line in child.lines if line.startswith("C "))
        print(
            f"kill {n + 1:>3}/{kills} {path.name}: {plan[0]:<24} {commits:>3} commits reported,"
            f" lost {tally.lost}, corrupted {tally.corrupted}",
            flush=True,
        )


# --- migrations, killed ----------------------------------------------------------------


def make_old_database(path: Path, revision: str, items: int = 1200, seed: int = 3) -> None:
    """A workspace at ``revision`` with rows in the tables every revision has."""
    from alembic import command

    from cxdesk.store import database, migrate
    from cxdesk.store.schema import APPLICATION_ID

    rng = random.Random(seed)
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            raw = connection.connection.driver_connection
            assert raw is not None
            stamp = "2026-01-05 09:00:00.000000"
            raw.execute(
                "INSERT INTO client (id, name, notes, created_at) VALUES (1, ?, '', ?)",
                ("Zoë Łukasiewicz & Co", stamp),
            )
            raw.execute(
                "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
                "VALUES (1, 1, 'R&D <core>', 'implementation', ?)",
                (stamp,),
            )
            raw.executemany(
                "INSERT INTO milestone (id, engagement_id, position, name) VALUES (?, 1, ?, ?)",
                [(m, m - 1, f"Milestone {m}") for m in range(1, 21)],
            )
            raw.executemany(
                "INSERT INTO expectation_item (id, engagement_id, position, expects, needs, "
                "planned, delivered, experienced, expected_level, sacrifice, status, owner, "
                "notes) VALUES (?, 1, ?, ?, '', '', '', '', ?, '', 'open', 'Фёдор', ?)",
                [
                    (i, i - 1, f"Expectation {i}", rng.randint(1, 5), "two\nlines " * 20)
                    for i in range(1, items + 1)
                ],
            )
            raw.executemany(
                "INSERT INTO expectation_snapshot (milestone_id, item_id, expected_level, "
                "taken_at) VALUES (?, ?, ?, ?)",
                [(m, i, rng.randint(1, 5), stamp) for m in (1, 2) for i in range(1, items + 1)],
            )
    finally:
        engine.dispose()


def dump(path: Path, tables: tuple[str, ...] | None = None) -> dict[str, list[Any]]:
    conn = _connect(path, read_only=True)
    try:
        names = tables or tuple(
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in names}
    finally:
        conn.close()


def columns(path: Path, table: str) -> list[str]:
    conn = _connect(path, read_only=True)
    try:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    finally:
        conn.close()


def revision_of(path: Path) -> str:
    conn = _connect(path, read_only=True)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def check_backups(folder: Path, tally: Tally) -> None:
    """A backup cut short by the kill must not pass for a good one: count those that would."""
    for backup in folder.glob("*") if folder.exists() else ():
        if backup.name.endswith(("-journal", "-wal", "-shm")):
            continue
        try:
            conn = _connect(backup, read_only=True)
            try:
                good = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
                good = good and bool(
                    conn.execute("SELECT count(*) FROM expectation_item").fetchone()[0]
                )
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            good = False
        if not good:
            tally.incomplete_backups += 1
        backup.unlink()
        for extra in ("-journal", "-wal", "-shm"):
            backup.with_name(backup.name + extra).unlink(missing_ok=True)


def migration_kills(
    folder: Path,
    kills: int,
    seed: int,
    tally: Tally,
    control: str | None = None,
    revisions: tuple[str, ...] | None = None,
) -> None:
    from cxdesk.store.database import open_database
    from cxdesk.store.schema import HEAD_REVISION, KNOWN_REVISIONS

    rng = random.Random(seed)
    head = folder / "head.cxdb"
    open_database(head, backup_folder=folder / "b").close()
    head_tables = set(dump(head))
    olds = {}
    for revision in revisions or KNOWN_REVISIONS[:-1]:
        olds[revision] = folder / f"old-{revision}.cxdb"
        make_old_database(olds[revision], revision)
    # How long a migration takes here: the kills are spread over that window (and a bit).
    window = {}
    for revision, source in olds.items():
        path = folder / f"calibrate-{revision}.cxdb"
        shutil.copy(source, path)
        child = Child(
            ["migrate", str(path), "--backups", str(folder / "b")],
            folder / "calibrate.log",
            control,
        )
        child.wait_for("START", 60.0)
        start = time.monotonic()
        child.wait_for("DONE", 60.0)
        window[revision] = time.monotonic() - start
        child.kill()
        remove_database(path)
        check_backups(folder / "b", Tally())
    print("migration times: " + ", ".join(f"from {r} {t:.2f} s" for r, t in window.items()))

    for n in range(kills):
        revision = list(olds)[n % len(olds)]
        path = folder / f"m{n}.cxdb"
        shutil.copy(olds[revision], path)
        before = dump(path)
        child = Child(
            ["migrate", str(path), "--backups", str(folder / "b")],
            folder / f"migrate-{n}.log",
            control,
        )
        if child.read(60.0) != "START":
            raise RuntimeError(child.died_alone())
        time.sleep(rng.uniform(0.0, window[revision] * 1.1))
        child.kill()
        tally.migration_kills += 1
        done = [line.split() for line in child.lines if line.startswith("DONE ")]
        state, problems = examine(path)
        found = revision_of(path) if not problems else "?"
        if found == revision and not problems:
            if dump(path) != before:
                problems.append("still at the old revision but its content changed")
            tally.migration_old += 1
        elif found == HEAD_REVISION and not problems:
            if set(dump(path)) != head_tables:
                problems.append("at the new revision without exactly the new tables")
            for table in CORE_TABLES:
                kept = dump(path, (table,))
                cols = columns(path, table)
                old_cols = columns(olds[revision], table)
                # Compare the columns the old table had, by name.
                now = [
                    tuple(dict(zip(cols, r, strict=True))[c] for c in old_cols) for r in kept[table]
                ]
                if now != before[table]:
                    problems.append(f"migrated, but {table}'s rows changed")
            if done and state != done[0][2]:
                problems.append("reported migrated, but the content differs from what it said")
            tally.migration_new += 1
        elif not problems:
            problems.append(f"half-migrated: revision {found}")
        if done and found != HEAD_REVISION:
            problems.append("reported migrated, but the file is at the old revision")
        if not problems:
            # The app's next start: it opens (migrating if still old) with the data.
            with open_database(path, backup_folder=folder / "b") as db, db.engine.connect() as c:
                items = c.exec_driver_sql("SELECT count(*) FROM expectation_item").scalar()
                if items != len(before["expectation_item"]):
                    problems.append(f"reopened with {items} expectations")
        check_backups(folder / "b", tally)
        if problems:
            tally.migration_bad += 1
            tally.problem(f"{path.name} (from {revision}): {'; '.join(problems)}")
        print(
            f"migration kill {n + 1:>2}/{kills} from {revision:<18} -> "
            f"{'old' if found == revision else 'new' if found == HEAD_REVISION else found}"
            f"{'' if not done else ' (reported done)'}",
            flush=True,
        )
        remove_database(path)


# --- the report ------------------------------------------------------------------------


@contextlib.contextmanager
def workdir(parent: Path | None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="cxdesk-crash-", dir=parent) as folder:
        yield Path(folder)


def run(
    kills: int,
    chain: int,
    migration: int,
    seed: int,
    parent: Path | None = None,
    control: str | None = None,
    creation: int = 0,
    revisions: tuple[str, ...] | None = None,
) -> Tally:
    tally = Tally()
    started = time.monotonic()
    with workdir(parent) as folder:
        os.environ.setdefault("CXDESK_DATA_DIR", str(folder / "data"))
        if kills:
            edit_kills(folder, kills, chain, seed, tally, control)
        if migration:
            migration_kills(folder, migration, seed, tally, control, revisions)
        if creation:
            creation_kills(folder, creation, seed, tally)
    tally.seconds = time.monotonic() - started
    return tally


def report(tally: Tally) -> str:
    lines = [
        f"kills: {tally.kills} during edits ({dict(tally.landed)}), "
        f"{tally.migration_kills} during migrations, {tally.creation_kills} while a new "
        "file was being created",
        f"commits verified: {tally.commits_verified} "
        f"(after the kill the file held: {dict(tally.outcome)})",
        f"lost: {tally.lost}   corrupted: {tally.corrupted}",
        f"migrations: {tally.migration_old} left at the old revision, {tally.migration_new} "
        f"at the new one, {tally.migration_bad} half-migrated or damaged",
        "backups cut short by a kill (left in the backups folder, failing the check): "
        f"{tally.incomplete_backups}",
        f"new files refused after a kill during their creation: {tally.new_file_refused}",
        f"time: {tally.seconds:.0f} s",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=120)
    parser.add_argument("--chain", type=int, default=10, help="kills per database file")
    parser.add_argument("--migration-kills", type=int, default=20)
    parser.add_argument("--creation-kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary files go")
    parser.add_argument("--control", choices=["no-begin"], default=None)
    args = parser.parse_args(argv)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    tally = run(
        args.kills,
        args.chain,
        args.migration_kills,
        args.seed,
        args.dir,
        args.control,
        0 if args.control else args.creation_kills,
    )
    print(report(tally))
    if args.control:
        print(
            "control run: the checks "
            + ("failed, as they must" if not tally.ok else "did NOT notice the missing BEGIN")
        )
        return 0 if not tally.ok else 1
    if not tally.ok:
        return 1
    return 2 if tally.new_file_refused else 0


if __name__ == "__main__":
    sys.exit(main())
