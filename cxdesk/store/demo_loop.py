"""The demo engagement's closing of the loop: actions against its gaps, its issue log,
"you said, we did" and small wins.

The same story as the matrix, the scorecard, the pulse checks and the emotion map: the
handoff from sales lost what had been promised (the kickoff dip), "live" tracking was a
15-minute refresh, invoice PDFs lack the PO number, depot training slipped and nobody
knows whom to call once the project team leaves. The team acted on most of it: several
actions moved their gap at the next milestone, one (walking finance through the archive)
did not move the invoices row, because the trouble was delivery, not communication.
Two actions are overdue, one issue has sat too long with the engagement manager.

Everything is dated from the day the demo is made, as the rest of the demo is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.models.actions import ActionSource, ActionStatus, OwnerSide, SourceKind
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import ExpectationItem, Milestone
from cxdesk.models.feedback_entities import PulseCheck, RaterAssessment
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.issues import IssueStatus, StepKind
from cxdesk.models.journey_entities import HandoffItem, MapPhase, Touchpoint
from cxdesk.models.loop_entities import (
    GapAction,
    Issue,
    IssueStep,
    IssueTouchpoint,
    SmallWin,
    YouSaidWeDid,
)
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.servqual import RaterDimension
from cxdesk.models.workshop_entities import WorkshopSession
from cxdesk.store.actions import read_source_draft
from cxdesk.store.escalation import read_levels
from cxdesk.store.journey_common import insert_row

ACTION, ISSUE, STEP = table_of(GapAction), table_of(Issue), table_of(IssueStep)
LINK, SAID, WIN = table_of(IssueTouchpoint), table_of(YouSaidWeDid), table_of(SmallWin)
ITEM, MILESTONE = table_of(ExpectationItem), table_of(Milestone)
PULSE, ASSESSMENT = table_of(PulseCheck), table_of(RaterAssessment)
PHASE, TOUCHPOINT, HANDOFF = table_of(MapPhase), table_of(Touchpoint), table_of(HandoffItem)
SESSION = table_of(WorkshopSession)

_K, _S, _D = GapCause.KNOWLEDGE, GapCause.STANDARDS, GapCause.DELIVERY
_C, _U = GapCause.COMMUNICATION, GapCause.CUSTOMER
_OPEN, _GOING, _DONE = ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE
_OURS, _THEIRS = OwnerSide.OURS, OwnerSide.CLIENT

# Sources, named as the demo names their rows: ("item", matrix position), ("touchpoint",
# name), ("pulse", days, respondent), ("rater", assessment title, kind, dimension),
# ("handoff", text).
# Actions: (title, cause, owner, side, source, created, due, status, closed, what was done,
# the issue it was spawned from); days counted from the demo's today.
_ACTIONS: tuple[tuple[Any, ...], ...] = (
    (
        "Share the sales notes with delivery before every workshop",
        _K,
        "Marco D.",
        _OURS,
        ("touchpoint", "Kickoff workshop"),
        -68,
        -55,
        _DONE,
        -56,
        "The signed promises and the sales notes are in the delivery wiki; the salesperson "
        "joins the design workshops.",
        None,
    ),
    (
        "Ask the depot leads what understanding their pain means to them",
        _K,
        "Priya N.",
        _OURS,
        ("rater", "RATER at Kickoff", SourceKind.RATER_DISAGREEMENT, RaterDimension.EMPATHY),
        -66,
        -45,
        _DONE,
        -42,
        "Two listening sessions at the pilot depot; their top three pains are on the emotion map.",
        None,
    ),
    (
        "Write a 5-minute refresh into the tracking page's design",
        _S,
        "Aiko T.",
        _OURS,
        ("item", 0),
        -60,
        -40,
        _DONE,
        -41,
        "A 5-minute refresh is the page's service level; an alert fires when a feed is late.",
        None,
    ),
    (
        "Show the time of the last refresh on the tracking page itself",
        _C,
        "Priya N.",
        _OURS,
        ("pulse", -35, "Tomasz Wójcik"),
        -34,
        -20,
        _DONE,
        -21,
        "Every container shows 'updated 4 min ago'; the help text says how often it refreshes.",
        None,
    ),
    (
        "Add the PO number to every invoice PDF",
        _D,
        "Aiko T.",
        _OURS,
        ("item", 3),
        -15,
        10,
        _GOING,
        None,
        "",
        "Invoice PDFs lack the PO number: finance runs the old process in parallel",
    ),
    (
        "Walk finance through the invoice archive",
        _C,
        "Priya N.",
        _OURS,
        ("item", 3),
        -30,
        -20,
        _DONE,
        -18,
        "Demo to the finance team; the archive link is on their month-end checklist. They "
        "still email PDFs: the PO number is what they miss.",
        None,
    ),
    (
        "Hold the second train-the-trainer session before the next depots go live",
        _D,
        "Jonas K.",
        _OURS,
        ("touchpoint", "Depot training (train-the-trainer)"),
        -30,
        -7,
        _OPEN,
        None,
        "",
        None,
    ),
    (
        "Introduce the support lead to Helen before full go-live",
        _U,
        "Jonas K.",
        _OURS,
        ("item", 6),
        -20,
        -3,
        _OPEN,
        None,
        "",
        None,
    ),
    (
        "Publish the hypercare rota and one escalation number",
        _S,
        "Jonas K.",
        _OURS,
        ("touchpoint", "First escalation during the pilot"),
        -7,
        -5,
        _DONE,
        -6,
        "Rota and a single escalation number sent to every depot manager and pinned in the "
        "portal's help page.",
        "Escalations during the pilot take two days to answer",
    ),
    (
        "Spend a day on the depot floor before every sprint review",
        _U,
        "Marco D.",
        _OURS,
        ("rater", "RATER at Design sign-off", SourceKind.RATER_GAP, RaterDimension.EMPATHY),
        -33,
        -15,
        _DONE,
        -14,
        "Three depot days so far; the sprint review opens with what the floor told us.",
        None,
    ),
    (
        "Agree three adoption numbers: service-desk calls, active shippers, invoice downloads",
        _K,
        "Helen O'Neill",
        _THEIRS,
        ("handoff", "Success criteria agreed and documented"),
        -25,
        7,
        _GOING,
        None,
        "",
        None,
    ),
    (
        "Rewrite the Friday update for the board: outcomes first, details in an appendix",
        None,
        "Marco D.",
        _OURS,
        ("pulse", -35, "Helen O'Neill"),
        -34,
        -28,
        _DONE,
        -12,
        "The update opens with three business outcomes; Helen forwards it to the COO unchanged.",
        None,
    ),
)

# Issues: (title, details, raised by, side, pain point, then its steps as (days, kind,
# rung position, owner, note)); the first step raises it.
_ISSUES: tuple[tuple[Any, ...], ...] = (
    (
        "Escalations during the pilot take two days to answer",
        "Wrong tracking data on day three of the pilot was answered two days later; depot "
        "managers keep their own escalation phone list.",
        "Helen O'Neill",
        _THEIRS,
        "First escalation during the pilot",
        (
            (-8, StepKind.RAISED, 0, "Priya N.", "Raised in the go-live pulse check."),
            (
                -6,
                StepKind.ESCALATED,
                1,
                "Marco D.",
                "Not fixed within two working days; the client says it is not what they "
                "expected of hypercare.",
            ),
        ),
    ),
    (
        "Invoice PDFs lack the PO number: finance runs the old process in parallel",
        "Finance cannot match invoices to purchase orders; month-end took two extra days.",
        "Sam Keane",
        _THEIRS,
        "Invoice archive",
        (
            (-16, StepKind.RAISED, 0, "Aiko T.", ""),
            (-12, StepKind.ESCALATED, 1, "Marco D.", "Month-end missed."),
            (
                -1,
                StepKind.ESCALATED,
                2,
                "Dana Whitfield",
                "The PO number comes from their ERP: a change of scope, with a recovery plan.",
            ),
        ),
    ),
    (
        "Tracking page showed yesterday's data for two depots",
        "Found by our feed monitoring the morning after the pilot went live.",
        "Aiko T.",
        _OURS,
        "Pilot go-live at the first depot",
        (
            (-4, StepKind.RAISED, 0, "Aiko T.", ""),
            (
                -3,
                StepKind.RESOLVED,
                0,
                "Aiko T.",
                "Terminal feed credentials renewed; both depots current again, and an alert "
                "now fires when a feed is late.",
            ),
        ),
    ),
)

# "You said, we did": (said on, what, who, source, what we did (or the action it
# links, by number), done on).
_SAID: tuple[tuple[Any, ...], ...] = (
    (
        -70,
        "We still don't know who to call when tracking is wrong",
        "Helen O'Neill",
        ("pulse", -70, "Helen O'Neill"),
        "A named tracking contact in every Friday update, from the next week on.",
        -63,
    ),
    (-35, "A 15-minute refresh is not 'live' tracking", "Tomasz Wójcik", None, 3, None),
    (-35, "Status reports are too technical for our board", "Helen O'Neill", None, 11, None),
    (
        -35,
        "You only understood our depots once you came to the floor.",
        "Tomasz Wójcik",
        ("rater", "RATER at Design sign-off"),
        9,
        None,
    ),
    (
        -70,
        "Show us the portal before our shippers see it.",
        "Helen O'Neill",
        ("workshop", "Kickoff workshop"),
        "Weekly demos since design sign-off; Helen previews every release first.",
        -35,
    ),
    (-16, "Finance still emails invoice PDFs by hand.", "Sam Keane", None, "", None),
)

_WINS: tuple[tuple[Any, ...], ...] = (
    (
        -5,
        "The pilot depot went live on the date promised at kickoff.",
        ("milestone", "Pilot go-live"),
    ),
    (
        -10,
        "Helen forwards the Friday update to the COO unchanged: a pain point that became a high.",
        ("touchpoint", "Friday progress update"),
    ),
)


class _Rows:
    """The demo's own rows, found by what the demo calls them."""

    def __init__(self, s: Session, engagement_id: int, today: date) -> None:
        self.s, self.engagement_id, self.today = s, engagement_id, today

    def _one(self, statement: Any) -> int:
        return int(self.s.scalars(statement).one())

    def item(self, position: int) -> int:
        return self._one(
            select(ITEM.c.id).where(
                ITEM.c.engagement_id == self.engagement_id, ITEM.c.position == position
            )
        )

    def touchpoint(self, name: str) -> int:
        return self._one(
            select(TOUCHPOINT.c.id)
            .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
            .where(PHASE.c.engagement_id == self.engagement_id, TOUCHPOINT.c.name == name)
        )

    def pulse(self, days: int, respondent: str) -> int:
        return self._one(
            select(PULSE.c.id).where(
                PULSE.c.engagement_id == self.engagement_id,
                PULSE.c.taken_on == self.today + timedelta(days=days),
                PULSE.c.respondent == respondent,
            )
        )

    def assessment(self, title: str) -> int:
        return self._one(
            select(ASSESSMENT.c.id).where(
                ASSESSMENT.c.engagement_id == self.engagement_id, ASSESSMENT.c.title == title
            )
        )

    def handoff(self, text: str) -> int:
        return self._one(
            select(HANDOFF.c.id)
            .join(PHASE, PHASE.c.id == HANDOFF.c.phase_id)
            .where(PHASE.c.engagement_id == self.engagement_id, HANDOFF.c.text == text)
        )

    def milestone(self, name: str) -> int:
        return self._one(
            select(MILESTONE.c.id).where(
                MILESTONE.c.engagement_id == self.engagement_id, MILESTONE.c.name == name
            )
        )

    def session(self, title: str) -> int:
        return self._one(
            select(SESSION.c.id).where(
                SESSION.c.engagement_id == self.engagement_id, SESSION.c.title == title
            )
        )

    def source(self, named: tuple[Any, ...]) -> ActionSource:
        kind = named[0]
        if kind == "item":
            return ActionSource(SourceKind.EXPECTATION, self.item(named[1]))
        if kind == "touchpoint":
            return ActionSource(SourceKind.PAIN_POINT, self.touchpoint(named[1]))
        if kind == "pulse":
            return ActionSource(SourceKind.PULSE_CHECK, self.pulse(named[1], named[2]))
        if kind == "rater":
            return ActionSource(named[2], self.assessment(named[1]), named[3].value)
        return ActionSource(SourceKind.HANDOFF_ITEM, self.handoff(named[1]))

    def day(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def moment(self, days: int, at: time) -> datetime:
        return datetime.combine(self.day(days), at)


def add_demo_loop(s: Session, engagement_id: int, today: date) -> None:
    """Write the demo's actions, issues, "you said, we did" and small wins within the
    caller's transaction (the demo's map, feedback and ladder are written already)."""
    rows = _Rows(s, engagement_id, today)
    ladder = [level for level in read_levels(s, engagement_id) if level.id]
    issue_ids = {title: _add_issue(s, rows, ladder, title, *rest) for title, *rest in _ISSUES}
    action_ids = [
        _add_action(s, rows, position, issue_ids, *action)
        for position, action in enumerate(_ACTIONS)
    ]
    for said_on, said, said_by, source, we_did, did_on in _SAID:
        values: dict[str, Any] = {"said_source": SaidSource.TYPED.value}
        if source is not None:
            kind = source[0]
            if kind == "pulse":
                values.update(said_source="pulse", pulse_check_id=rows.pulse(*source[1:]))
            elif kind == "rater":
                values.update(said_source="rater", rater_assessment_id=rows.assessment(source[1]))
            else:
                values.update(said_source="workshop", workshop_session_id=rows.session(source[1]))
        if isinstance(we_did, int):  # what we did is a done action of the demo
            action = _ACTIONS[we_did]
            values.update(
                action_id=action_ids[we_did], we_did=action[9], did_on=rows.day(action[8])
            )
            if source is None:  # said in that action's own pulse check
                values.update(said_source="pulse", pulse_check_id=rows.source(action[4]).record_id)
        else:
            values.update(we_did=we_did, did_on=None if did_on is None else rows.day(did_on))
        insert_row(
            s,
            SAID,
            engagement_id=engagement_id,
            said_on=rows.day(said_on),
            said=said,
            said_by=said_by,
            **values,
        )
    for won_on, text, (kind, name) in _WINS:
        link = (
            {"milestone_id": rows.milestone(name)}
            if kind == "milestone"
            else {"touchpoint_id": rows.touchpoint(name)}
        )
        insert_row(s, WIN, engagement_id=engagement_id, won_on=rows.day(won_on), text=text, **link)


def _add_issue(
    s: Session,
    rows: _Rows,
    ladder: list[Any],
    title: str,
    details: str,
    raised_by: str,
    side: OwnerSide,
    pain_point: str,
    steps: tuple[tuple[Any, ...], ...],
) -> int:
    raised_on = rows.day(steps[0][0])
    last = steps[-1]
    resolved = last[1] is StepKind.RESOLVED
    on_rung = [step for step in steps if step[1] is not StepKind.RESOLVED][-1]
    issue_id = insert_row(
        s,
        ISSUE,
        engagement_id=rows.engagement_id,
        title=title,
        details=details,
        raised_by=raised_by,
        raised_by_side=side.value,
        raised_on=raised_on,
        rung_id=ladder[on_rung[2]].id,
        owner=on_rung[3],
        on_rung_since=rows.day(on_rung[0]),
        status=(IssueStatus.RESOLVED if resolved else IssueStatus.OPEN).value,
        resolved_on=rows.day(last[0]) if resolved else None,
        resolution=last[4] if resolved else "",
    )
    for days, kind, rung, owner, note in steps:
        insert_row(
            s,
            STEP,
            issue_id=issue_id,
            happened_on=rows.day(days),
            kind=kind.value,
            rung_id=ladder[rung].id,
            rung_name=ladder[rung].name,
            owner=owner,
            note=note,
        )
    insert_row(s, LINK, issue_id=issue_id, touchpoint_id=rows.touchpoint(pain_point))
    return issue_id


def _add_action(
    s: Session,
    rows: _Rows,
    position: int,
    issue_ids: dict[str, int],
    title: str,
    cause: GapCause | None,
    owner: str,
    side: OwnerSide,
    named: tuple[Any, ...],
    created: int,
    due: int,
    status: ActionStatus,
    closed: int | None,
    outcome: str,
    issue: str | None,
) -> int:
    source = rows.source(named)
    draft = read_source_draft(s, rows.engagement_id, source)
    # The "before" a RATER or a pulse action keeps is its source's own (what the
    # consultant saw then); a matrix row and a touchpoint have moved on since, so their
    # "before" is read from the history (the revalidation or revisit before it was made).
    kept_before = source.kind not in (SourceKind.EXPECTATION, SourceKind.PAIN_POINT)
    return insert_row(
        s,
        ACTION,
        engagement_id=rows.engagement_id,
        position=position,
        title=title,
        source_kind=source.kind.value,
        **source.links(),
        source_label=draft.label,
        gap_before=draft.gap_before if kept_before else None,
        issue_id=None if issue is None else issue_ids[issue],
        cause=None if cause is None else cause.value,
        owner_name=owner,
        owner_side=side.value,
        due_on=rows.day(due),
        status=status.value,
        outcome=outcome,
        created_at=rows.moment(created, time(9, 30)),
        closed_at=None if closed is None else rows.moment(closed, time(16, 0)),
    )
