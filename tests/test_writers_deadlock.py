"""Two people editing the same rows of a team workspace at once: both edits are saved,
the second after the first, and neither is refused.

Ana adds an expectation (her engagement's row held, so positions are counted once) while
Ben renames that engagement. Ben's change took its change number first, then waited for
Ana's row, while Ana's next write waited for Ben's change number: a deadlock, which
PostgreSQL ends by refusing one of them (SQLSTATE 40P01) after its deadlock_timeout.
Writers now take turns in one order (cxdesk/store/writer_turns.py): Ben waits for Ana's
whole edit, then renames.
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


def _wait_until_somebody_waits_for_a_lock(url: str) -> None:
    """Until a backend of this database waits for a lock (polled, 20 s at most)."""
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND datname = current_database()"
                    )
                ).scalar()
            if waiting:
                return
            time.sleep(0.02)  # polling the server, not waiting for a result
        raise AssertionError("nobody waited for a lock")
    finally:
        engine.dispose()


def test_two_edits_of_the_same_rows_at_once_are_both_saved_one_after_the_other(
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
            _wait_until_somebody_waits_for_a_lock(postgres_url)  # Ben, for Ana's edit
            resume.set()
            added = adding.result(timeout=60)  # neither is refused (EditRefused raised)
            renamed = renaming.result(timeout=60)
        assert renamed.name == "Timetable"
        assert [i.expects for i in expectations.list_items(ben, engagement.id)] == ["Live delays"]
        assert added.engagement_id == engagement.id
        assert ws.get_engagement(ana, engagement.id).name == "Timetable"  # type: ignore[union-attr]
    finally:
        ben.close()
        ana.close()
