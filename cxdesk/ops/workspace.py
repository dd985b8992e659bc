"""Operations on clients, engagements and milestones: the navigator's and milestones' edits.

Each function builds the :class:`~cxdesk.ops.Operation` for one thing a person does, with
the words Edit > Undo shows; it returns None when the edit would change nothing (a
rename to the same name), so no empty step reaches the undo history. Undo needs no code
here: the journal kept by :func:`~cxdesk.ops.perform` puts the rows back, a deleted
client with every engagement, milestone and expectation that went with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import ClientRecord, EngagementRecord, MilestoneRecord
from cxdesk.models.tables import metadata
from cxdesk.ops.conflicts import edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import workspace
from cxdesk.store.changed_meanwhile import ChangedMeanwhile, RowChanged, row_changed
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow

# --- clients -------------------------------------------------------------------------


def add_client(name: str) -> Operation[ClientRecord]:
    return Operation(f"New client “{name.strip()}”", lambda db: workspace.add_client(db, name))


def rename_client(client: ClientRecord, name: str) -> Operation[ClientRecord] | None:
    if name.strip() == client.name:
        return None
    return Operation(
        f"Rename client “{client.name}”",
        lambda db: edit_told(
            db,
            "client",
            client,
            "client",
            lambda: workspace.rename_client(db, client.id, name, client.version),
        ),
    )


def delete_client(client: ClientRecord) -> Operation[None]:
    def run(db: Database) -> None:
        workspace.delete_client(db, client.id)

    return Operation(f"Delete client “{client.name}”", run)


# --- engagements ---------------------------------------------------------------------


def add_engagement(client_id: int, name: str, phase: JourneyPhase) -> Operation[EngagementRecord]:
    # No engagement to show on undo or redo: the step makes (or removes) it.
    return Operation(
        f"New engagement “{name.strip()}”",
        lambda db: workspace.add_engagement(db, client_id, name, phase),
    )


def rename_engagement(
    engagement: EngagementRecord, name: str
) -> Operation[EngagementRecord] | None:
    if name.strip() == engagement.name:
        return None
    return Operation(
        f"Rename engagement “{engagement.name}”",
        lambda db: edit_told(
            db,
            "engagement",
            engagement,
            "engagement",
            lambda: workspace.rename_engagement(db, engagement.id, name, engagement.version),
        ),
        engagement.id,
    )


def set_journey_phase(
    engagement: EngagementRecord, phase: JourneyPhase
) -> Operation[EngagementRecord] | None:
    if phase.value == engagement.journey_phase:
        return None
    return Operation(
        f"Journey phase: {phase.label}",
        lambda db: edit_told(
            db,
            "engagement",
            engagement,
            "engagement",
            lambda: workspace.set_journey_phase(db, engagement.id, phase, engagement.version),
        ),
        engagement.id,
    )


def set_toolkit_language(
    engagement: EngagementRecord, code: str, name: str
) -> Operation[EngagementRecord] | None:
    """Print ``engagement``'s toolkit in ``code`` (``name`` is the language's own name,
    for the undo menu), for everyone on the workspace; ``engagement`` is as the screen
    showed it, so a colleague's change since is refused in words, as a rename is."""
    if code == engagement.toolkit_language:
        return None
    return Operation(
        f"Toolkit language: {name}",
        lambda db: edit_told(
            db,
            "engagement",
            engagement,
            "engagement",
            lambda: workspace.set_toolkit_language(db, engagement.id, code, engagement.version),
        ),
        engagement.id,
    )


def delete_engagement(engagement: EngagementRecord) -> Operation[None]:
    def run(db: Database) -> None:
        workspace.delete_engagement(db, engagement.id)

    return Operation(f"Delete engagement “{engagement.name}”", run)


# --- milestones ----------------------------------------------------------------------


def add_milestone(engagement_id: int, name: str, due: date | None) -> Operation[MilestoneRecord]:
    return Operation(
        f"New milestone “{name.strip()}”",
        lambda db: workspace.add_milestone(db, engagement_id, name, due),
        engagement_id,
    )


def edit_milestone(
    engagement_id: int,
    milestone_id: int,
    old: tuple[str, date | None],
    new: tuple[str, date | None],
) -> Operation[MilestoneRecord] | None:
    """Rename a milestone or move its date; ``old`` is what the screen showed."""
    if old == new:
        return None
    name, due = new

    def run(db: Database) -> MilestoneRecord:
        try:
            return workspace.update_milestone(db, milestone_id, name, due, old)
        except StaleRow:
            told = _milestone_change(db, milestone_id, old)
            if told is None:
                raise  # the milestone is gone: the store's words say so
            raise ChangedMeanwhile("milestone", told, "milestone") from None

    return Operation(f"Edit milestone “{old[0]}”", run, engagement_id)


def _milestone_change(
    db: Database, milestone_id: int, shown: tuple[str, date | None]
) -> RowChanged | None:
    """The milestone now, as a change from the name and date ``shown``, with dates as the
    matrix shows them ("2 Nov 2026 → 9 Nov 2026"); None when it is gone."""
    name, due = shown
    with db.reading() as session:
        change = row_changed(
            session.connection(),
            metadata().tables["milestone"],
            milestone_id,
            {"name": name, "due_date": due},
            _MILESTONE_FIELDS,
        )
    if change is None:
        return None
    fields = tuple(
        replace(f, before=_day(f.before), now=_day(f.now)) if f.label == "due date" else f
        for f in change.fields
    )
    return replace(change, fields=fields)


_MILESTONE_FIELDS = {"name": "name", "due_date": "due date"}


def _day(day: date | None) -> str:
    return "no date" if day is None else f"{day.day} {day:%b %Y}"


def delete_milestone(engagement_id: int, milestone_id: int, name: str) -> Operation[None]:
    def run(db: Database) -> None:
        workspace.delete_milestone(db, milestone_id)

    return Operation(f"Delete milestone “{name}”", run, engagement_id)
