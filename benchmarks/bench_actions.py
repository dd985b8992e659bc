"""The Actions view and the Overview with 2,000 actions and 300 issues in under 200 ms.

    uv run python benchmarks/bench_actions.py [--quick] [--dir PATH]

An engagement with 200 expectation rows revalidated at a milestone, 300 issues and 2,000
actions (a third on a matrix row, a tenth spawned from an issue, a third done, owners,
causes and due dates spread, some overdue), made once through the store functions in a
temporary database. Then, alternating with the demo engagement (a dozen actions) in the
same run, what a person waits for: ``ActionsTab.show_engagement`` on the tab in front
(``list_actions``, the done ones' evidence, the model filled) and the table painted; and
each filter a person picks (overdue, one owner, one cause, one kind of source) applied and
painted.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import FULL, QUICK, PaintCounter, Plan, median, p95, verdict  # noqa: E402

ACTIONS = 2_000
ISSUES = 300
ITEMS = 200
TARGET_MS = 200.0
OWNERS = ("Ana", "Ben", "Cleo", "Dora", "Eli", "Fay", "Gus", "Helen O'Neill")
CAUSES = ("knowledge", "standards", "delivery", "communication", "customer", None)


def add_loop(db: Any, engagement_id: int, seed: int) -> None:
    from cxdesk.models.actions import ActionSource, SourceKind
    from cxdesk.store import actions, expectations, issues
    from cxdesk.store import workspace as ws_store

    rng = random.Random(seed)
    milestone = ws_store.add_milestone(db, engagement_id, "Design sign-off")
    items = [
        expectations.add_item(
            db,
            engagement_id,
            expects=f"Expectation {n + 1}: shippers see every container",
            expected_level=rng.randint(3, 5),
            delivered_level=rng.randint(1, 5),
            experienced_level=rng.randint(1, 5),
        ).id
        for n in range(ITEMS)
    ]
    expectations.revalidate(db, milestone.id, date.today() - timedelta(days=60))
    raised = [
        issues.raise_issue(
            db,
            engagement_id,
            f"Issue {n + 1}: invoices late",
            date.today() - timedelta(days=n % 40),
        ).id
        for n in range(ISSUES)
    ]
    today = date.today()
    for n in range(ACTIONS):
        source = ActionSource(SourceKind.EXPECTATION, rng.choice(items)) if n % 3 == 0 else None
        made = actions.add_action(
            db,
            engagement_id,
            f"Action {n + 1}: send the weekly note to the sponsor",
            source=source,
            issue_id=rng.choice(raised) if n % 10 == 5 else None,
            owner_name=rng.choice(OWNERS),
            owner_side=rng.choice(("ours", "client")),
            cause=rng.choice(CAUSES),
            due_on=today + timedelta(days=rng.randint(-60, 60)),
        )
        if n % 3 == 1:
            actions.set_status(db, made.id, "done", made.record.version, outcome="Done as agreed")


def bench_actions(plan: Plan, tmp: Path) -> list[str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CXDESK_HEADLESS", "1")
    from PySide6.QtWidgets import QApplication

    from cxdesk.store import demo
    from cxdesk.store import workspace as ws_store
    from cxdesk.store.database import open_database
    from cxdesk.ui.actions.filters import ActionFilter, Showing
    from cxdesk.ui.actions.tab import ActionsTab
    from cxdesk.ui.workspace import Workspace

    app = QApplication.instance() or QApplication([sys.argv[0]])
    db = open_database(tmp / "actions.cxdb", backup_folder=tmp / "actions-backups")
    began = perf_counter()
    demo_id = demo.add_demo_engagement(db)
    client = ws_store.add_client(db, "Northwind Logistics")
    big = ws_store.add_engagement(db, client.id, "Warehouse rollout").id
    add_loop(db, big, seed=1)
    generated = perf_counter() - began

    ws = Workspace(db)
    tab = ActionsTab(ws)
    tab.resize(1280, 800)
    tab.show()
    app.processEvents()
    counter = PaintCounter(app, [tab.view.viewport()])
    filters = (
        ActionFilter(showing=Showing.OVERDUE),
        ActionFilter(owner="Ana"),
        ActionFilter(cause="delivery"),
        ActionFilter(kind=tab.proxy.rule.kind or _expectation()),
    )
    opens: dict[int, list[float]] = {big: [], demo_id: []}
    filtering: dict[int, list[float]] = {big: [], demo_id: []}
    repeats = max(plan.opens, 5)
    for n in range(repeats + 2):  # 2 warm-ups
        for engagement in (big, demo_id):
            tab.proxy.set_rule(ActionFilter())
            t0 = perf_counter()
            tab.show_engagement(engagement)
            if not counter.settle():
                raise SystemExit("benchmark: the Actions view was not painted")
            t1 = perf_counter()
            for rule in filters:
                t2 = perf_counter()
                tab.proxy.set_rule(rule)
                if not counter.settle():
                    raise SystemExit("benchmark: the filtered view was not painted")
                if n >= 2:
                    filtering[engagement].append((perf_counter() - t2) * 1000)
            if n >= 2:
                opens[engagement].append((t1 - t0) * 1000)
            tab.show_engagement(None)
            app.processEvents()
    tab.show_engagement(big)
    tab.proxy.set_rule(ActionFilter())
    if tab.model.rowCount() != ACTIONS:
        raise SystemExit("benchmark: the Actions view does not show every action")
    counter.remove()
    tab.close()
    tab.deleteLater()
    app.processEvents()
    overview_runs = _overview_runs(app, ws, (big, demo_id), repeats)
    db.close()

    def line(what: str, runs: dict[int, list[float]]) -> str:
        mine, base = runs[big], runs[demo_id]
        return (
            f"{what}: {ACTIONS:,} actions {median(mine):.0f} ms median, p95 {p95(mine):.0f} ms "
            f"vs the demo's {median(base):.0f} ms -> ratio {median(mine) / median(base):.1f}x "
            f"(target < {TARGET_MS:.0f} ms: {verdict(p95(mine) < TARGET_MS)})"
        )

    return [
        f"generate actions: {ACTIONS:,} actions, {ISSUES} issues, {ITEMS} rows through the "
        f"store in {generated:.1f} s",
        line("open Actions view", opens),
        line("filter Actions view (overdue, an owner, a cause, a source kind)", filtering),
        line("Overview with the loop's counts and five gaps", overview_runs),
    ]


def _overview_runs(
    app: Any, ws: Any, engagements: tuple[int, int], repeats: int
) -> dict[int, list[float]]:
    """The Overview in front, recomputed for each engagement in turn (its key numbers,
    the closing-the-loop counts, the five gaps and the quadrant chart) and painted."""
    from cxdesk.ui.overview.tab import OverviewTab

    overview = OverviewTab(ws)
    overview.resize(1280, 800)
    overview.show()
    overview.ensure_chart()
    app.processEvents()
    counter = PaintCounter(app, [overview])
    runs: dict[int, list[float]] = {e: [] for e in engagements}
    for n in range(repeats + 2):  # 2 warm-ups
        for engagement in engagements:
            t0 = perf_counter()
            overview.show_engagement(engagement)
            overview.refresh()
            if not counter.settle():
                raise SystemExit("benchmark: the Overview was not painted")
            if n >= 2:
                runs[engagement].append((perf_counter() - t0) * 1000)
    counter.remove()
    overview.close()
    overview.deleteLater()
    app.processEvents()
    return runs


def _expectation() -> Any:
    from cxdesk.models.actions import SourceKind

    return SourceKind.EXPECTATION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        os.environ["CXDESK_DATA_DIR"] = str(Path(folder) / "data")
        for text in bench_actions(QUICK if args.quick else FULL, Path(folder)):
            print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
