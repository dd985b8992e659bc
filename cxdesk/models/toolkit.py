"""Everything the PDF toolkit prints about one engagement, read in one go as plain values.

Loaded by ``cxdesk.store.toolkit.load_toolkit_data`` on the caller's thread, then handed to
``cxdesk.reports`` (which may build on a worker thread: nothing here touches the database).
``None`` in place of a ToolkitData means the blank templates: no engagement at all.
A ToolkitData holds what its edition may print (``cxdesk.models.client_edition``); one
made directly holds everything, and says so: it is the internal edition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cxdesk.models.actions import ActionRow, Evidence
from cxdesk.models.edition import INTERNAL_EDITION, EditionChoice
from cxdesk.models.escalation import EscalationLevel
from cxdesk.models.issues import IssueRow
from cxdesk.models.journey_map import JourneyMap
from cxdesk.models.loop_log import SmallWinRecord, YouSaidRecord
from cxdesk.models.overview import AssessedResponses, Overview
from cxdesk.models.records import (
    ClientRecord,
    EngagementRecord,
    ItemRecord,
    MilestoneRecord,
    PulseRecord,
    QuizRecord,
    SessionResultsData,
    SnapshotRecord,
)
from cxdesk.models.servqual import RaterDimension


@dataclass(frozen=True)
class ToolkitData:
    client: ClientRecord
    engagement: EngagementRecord
    printed_on: date
    milestones: tuple[MilestoneRecord, ...] = ()
    items: tuple[ItemRecord, ...] = ()  # the matrix, in its order
    snapshots: tuple[SnapshotRecord, ...] = ()  # revalidations, for the heatmap
    assessments: Sequence[AssessedResponses] = ()  # RATER, oldest first
    pulses: tuple[PulseRecord, ...] = ()
    quiz: QuizRecord | None = None  # the quiz the paper sheet prints (the built-in one)
    sessions: tuple[SessionResultsData, ...] = ()  # workshop sessions, oldest first
    journey: JourneyMap | None = None
    escalation: tuple[EscalationLevel, ...] = ()  # this engagement's ladder (default if unset)
    overview: Overview | None = None
    edition: EditionChoice = INTERNAL_EDITION
    # Our team's gap per RATER dimension, by assessment id: what a client edition that
    # compares the sides is given instead of our team's responses (its ``assessments``
    # hold the client's alone). Empty in the internal edition: its responses hold both.
    team_gaps: Mapping[int, Mapping[RaterDimension, float | None]] = field(default_factory=dict)
    # Closing the loop: the actions in the consultant's order, whether each done one
    # worked (by action id), the issue log, "you said, we did" and the small wins.
    actions: tuple[ActionRow, ...] = ()
    evidence: Mapping[int, Evidence] = field(default_factory=dict)
    issues: tuple[IssueRow, ...] = ()
    said: tuple[YouSaidRecord, ...] = ()
    wins: tuple[SmallWinRecord, ...] = ()
