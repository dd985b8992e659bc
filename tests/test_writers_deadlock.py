"""Two people whose edits wait for each other on a team workspace: one is saved, the
other refused in words, nothing half-saved.

PostgreSQL ends a deadlock by refusing one of the transactions (SQLSTATE 40P01). Here
Ana adds an expectation (her engagement's row held, so positions are counted once) while
Ben renames that engagement (his change number taken, then waiting for her row); Ana's
next write waits for Ben's change number. The server refuses one of them after its
deadlock_timeout (one second).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from cxdesk.store import expectations
from cxdesk.store import workspace as ws
from cxdesk.store.database import open_database
from cxdesk.store.errors import EditRefused


def _wait_until_waiting_for_a_lock(url: str, statement: str) -> None:
    """Until a backend running ``statement`` waits for a row lock (polled, 20 s at most)."""
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE :statement"
                    ),
                    {"statement": f"{statement}%"},
                ).scalar()
            if waiting:
                return
            time.sleep(0.02)  # polling the server, not waiting for a result
        raise AssertionError(f"nobody waited for a lock running {statement}")
    finally:
        engine.dispose()


def test_two_edits_waiting_for_each_other_one_saved_one_refused_in_words(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = open_database(postgres_url)
    ben = open_database(postgres_url)
    try:
        client = ws.add_client(ana, "Acme Rail")
        engagement = ws.add_engagement(ana, client.id, "Timetable app")
        held = threading.Event()
        resume = threading.Event()
        original = expectations.get_or_refuse

        def holding(*args: Any, **kwargs: Any) -> Any:
            found = original(*args, **kwargs)
            if kwargs.get("lock"):  # Ana's engagement row is held: let Ben in now
                held.set()
                assert resume.wait(timeout=30)
            return found

        monkeypatch.setattr(expectations, "get_or_refuse", holding)
        with ThreadPoolExecutor(2) as pool:
            adding = pool.submit(expectations.add_item, ana, engagement.id, expects="Live delays")
            assert held.wait(timeout=30)
            renaming = pool.submit(ws.rename_engagement, ben, engagement.id, "Timetable")
            _wait_until_waiting_for_a_lock(postgres_url, "UPDATE engagement")
            resume.set()
            outcomes = []
            for future in (adding, renaming):
                try:
                    outcomes.append(future.result(timeout=60))
                except EditRefused as refused:
                    outcomes.append(refused)
        refusals = [o for o in outcomes if isinstance(o, EditRefused)]
        assert len(refusals) == 1  # the other one was saved
        words = refusals[0].message
        assert "at the same moment" in words
        assert "not saved" in words
        assert "deadlock" not in words.lower()
        assert "process" not in words.lower()  # the server's DETAIL, not for people
    finally:
        ben.close()
        ana.close()
