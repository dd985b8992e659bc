"""closing the loop: actions against gaps, the issue log on the escalation ladder, "you said,
we did" and small wins (with triggers keeping every link within one engagement)

Revision ID: 0014_closing_loop
Revises: 0013_changed_by
Create Date: 2026-12-14 09:00:00.000000

Six new tables and no change to an existing one's columns, so no row is at risk:
``gap_action`` (an action against one gap, linked to the row it answers: one nullable
link per kind of source, a CHECK that only the kind's own is set, ON DELETE SET NULL so
a deleted source leaves its actions), ``issue`` (on a rung of the engagement's ladder:
no ON DELETE rule, a rung with issues is not deleted), ``issue_step`` (its dated
history), ``issue_touchpoint`` (its pain points), ``you_said_we_did`` and ``small_win``.
Every table is AUTOINCREMENT from the start (see 0004) and carries the row version and
who/when of 0009 and 0013.

That a linked row belongs to the same engagement is two or three tables away, so no
CHECK can state it: triggers refuse it on any path, as 0005's do for the emotion map, and
refuse moving a linked row (a matrix row, a rung, a pulse check...) to another
engagement. On PostgreSQL they are the same triggers in PL/pgSQL, translated as a new
team workspace's are (cxdesk/store/server_schema.py), and the new foreign keys are made
DEFERRABLE INITIALLY IMMEDIATE like every other there (an undo puts rows back in groups).

Downgrade drops the triggers on the tables that stay, then the six tables (and, on
PostgreSQL, the triggers' functions).

Written out rather than read from the models, so this step stays what it was.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_closing_loop"
down_revision = "0013_changed_by"
branch_labels = None
depends_on = None

TABLES = ("issue", "issue_step", "issue_touchpoint", "gap_action", "you_said_we_did", "small_win")


def _who_and_when() -> list[sa.Column[object]]:
    """0009's version and 0013's who and when, last in every table people edit."""
    return [
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
    ]


def _fk(table: str, column: str, parent: str, ondelete: str | None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{parent}.id"],
        name=op.f(f"fk_{table}_{column}_{parent}"),
        ondelete=ondelete,
    )


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), server_default="", nullable=False),
        sa.Column("raised_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("raised_by_side", sa.String(length=8), server_default="client", nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("rung_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), server_default="", nullable=False),
        sa.Column("on_rung_since", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("resolution", sa.Text(), server_default="", nullable=False),
        *_who_and_when(),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_issue_title_not_blank")),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_issue_status_known")),
        sa.CheckConstraint(
            "raised_by_side IN ('ours', 'client')", name=op.f("ck_issue_raised_by_side_known")
        ),
        sa.CheckConstraint(
            "(status = 'resolved') = (resolved_on IS NOT NULL)",
            name=op.f("ck_issue_resolved_dated"),
        ),
        sa.CheckConstraint(
            "status <> 'resolved' OR length(trim(resolution)) > 0",
            name=op.f("ck_issue_resolution_given"),
        ),
        sa.CheckConstraint(
            "on_rung_since >= raised_on", name=op.f("ck_issue_on_rung_after_raised")
        ),
        sa.CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= on_rung_since",
            name=op.f("ck_issue_resolved_after_rung"),
        ),
        _fk("issue", "engagement_id", "engagement", "CASCADE"),
        _fk("issue", "rung_id", "escalation_level", None),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue")),
        sqlite_autoincrement=True,
    )
    _indexes("issue", "engagement_id", "rung_id")

    op.create_table(
        "issue_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rung_id", sa.Integer(), nullable=True),
        sa.Column("rung_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("owner", sa.String(length=200), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        *_who_and_when(),
        sa.CheckConstraint(
            "kind IN ('raised', 'escalated', 'resolved', 'reopened')",
            name=op.f("ck_issue_step_kind_known"),
        ),
        _fk("issue_step", "issue_id", "issue", "CASCADE"),
        _fk("issue_step", "rung_id", "escalation_level", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_step")),
        sqlite_autoincrement=True,
    )
    _indexes("issue_step", "issue_id", "rung_id")

    op.create_table(
        "issue_touchpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        *_who_and_when(),
        _fk("issue_touchpoint", "issue_id", "issue", "CASCADE"),
        _fk("issue_touchpoint", "touchpoint_id", "touchpoint", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_touchpoint")),
        sa.UniqueConstraint(
            "issue_id", "touchpoint_id", name=op.f("uq_issue_touchpoint_issue_id_touchpoint_id")
        ),
        sqlite_autoincrement=True,
    )
    _indexes("issue_touchpoint", "issue_id", "touchpoint_id")

    op.create_table(
        "gap_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source_kind", sa.String(length=24), server_default="none", nullable=False),
        sa.Column("expectation_item_id", sa.Integer(), nullable=True),
        sa.Column("rater_assessment_id", sa.Integer(), nullable=True),
        sa.Column("rater_dimension", sa.String(length=16), nullable=True),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.Column("stakeholder_id", sa.Integer(), nullable=True),
        sa.Column("handoff_item_id", sa.Integer(), nullable=True),
        sa.Column("pulse_check_id", sa.Integer(), nullable=True),
        sa.Column("source_label", sa.Text(), server_default="", nullable=False),
        sa.Column("gap_before", sa.Float(), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("cause", sa.String(length=16), nullable=True),
        sa.Column("owner_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("owner_side", sa.String(length=8), server_default="ours", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        *_who_and_when(),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_gap_action_title_not_blank")),
        sa.CheckConstraint(
            "position = CAST(position AS INTEGER) AND position >= 0",
            name=op.f("ck_gap_action_position_range"),
        ),
        sa.CheckConstraint(
            "source_kind IN ('expectation', 'rater_gap', 'rater_disagreement', 'pain_point', "
            "'handoff_item', 'pulse_check', 'none')",
            name=op.f("ck_gap_action_source_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_gap_action_status_known"),
        ),
        sa.CheckConstraint(
            "owner_side IN ('ours', 'client')", name=op.f("ck_gap_action_owner_side_known")
        ),
        sa.CheckConstraint(
            "cause IN ('knowledge', 'standards', 'delivery', 'communication', 'customer')",
            name=op.f("ck_gap_action_cause_known"),
        ),
        sa.CheckConstraint(
            "rater_dimension IN ('reliability', 'assurance', 'tangibles', 'empathy', "
            "'responsiveness')",
            name=op.f("ck_gap_action_rater_dimension_known"),
        ),
        sa.CheckConstraint(
            "(expectation_item_id IS NULL OR source_kind IN ('expectation')) "
            "AND (rater_assessment_id IS NULL OR source_kind IN ('rater_gap', "
            "'rater_disagreement')) "
            "AND (touchpoint_id IS NULL OR source_kind IN ('pain_point')) "
            "AND (stakeholder_id IS NULL OR source_kind IN ('pain_point')) "
            "AND (handoff_item_id IS NULL OR source_kind IN ('handoff_item')) "
            "AND (pulse_check_id IS NULL OR source_kind IN ('pulse_check'))",
            name=op.f("ck_gap_action_source_link"),
        ),
        sa.CheckConstraint(
            "(source_kind IN ('rater_gap', 'rater_disagreement')) = (rater_dimension IS NOT NULL)",
            name=op.f("ck_gap_action_rater_dimension_given"),
        ),
        sa.CheckConstraint(
            "(status IN ('done', 'dropped')) = (closed_at IS NOT NULL)",
            name=op.f("ck_gap_action_closed_dated"),
        ),
        sa.CheckConstraint(
            "closed_at IS NULL OR closed_at >= created_at",
            name=op.f("ck_gap_action_closed_after_created"),
        ),
        _fk("gap_action", "engagement_id", "engagement", "CASCADE"),
        _fk("gap_action", "expectation_item_id", "expectation_item", "SET NULL"),
        _fk("gap_action", "rater_assessment_id", "rater_assessment", "SET NULL"),
        _fk("gap_action", "touchpoint_id", "touchpoint", "SET NULL"),
        _fk("gap_action", "stakeholder_id", "stakeholder", "SET NULL"),
        _fk("gap_action", "handoff_item_id", "handoff_item", "SET NULL"),
        _fk("gap_action", "pulse_check_id", "pulse_check", "SET NULL"),
        _fk("gap_action", "issue_id", "issue", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gap_action")),
        sqlite_autoincrement=True,
    )
    _indexes(
        "gap_action",
        "engagement_id",
        "expectation_item_id",
        "rater_assessment_id",
        "touchpoint_id",
        "stakeholder_id",
        "handoff_item_id",
        "pulse_check_id",
        "issue_id",
    )

    op.create_table(
        "you_said_we_did",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("said_on", sa.Date(), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("said_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("said_source", sa.String(length=16), server_default="typed", nullable=False),
        sa.Column("pulse_check_id", sa.Integer(), nullable=True),
        sa.Column("rater_assessment_id", sa.Integer(), nullable=True),
        sa.Column("workshop_session_id", sa.Integer(), nullable=True),
        sa.Column("we_did", sa.Text(), server_default="", nullable=False),
        sa.Column("did_on", sa.Date(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        *_who_and_when(),
        sa.CheckConstraint(
            "length(trim(said)) > 0", name=op.f("ck_you_said_we_did_said_not_blank")
        ),
        sa.CheckConstraint(
            "said_source IN ('pulse', 'rater', 'workshop', 'typed')",
            name=op.f("ck_you_said_we_did_said_source_known"),
        ),
        sa.CheckConstraint(
            "(pulse_check_id IS NULL OR said_source IN ('pulse')) "
            "AND (rater_assessment_id IS NULL OR said_source IN ('rater')) "
            "AND (workshop_session_id IS NULL OR said_source IN ('workshop'))",
            name=op.f("ck_you_said_we_did_said_link"),
        ),
        sa.CheckConstraint(
            "did_on IS NULL OR did_on >= said_on", name=op.f("ck_you_said_we_did_did_after_said")
        ),
        _fk("you_said_we_did", "engagement_id", "engagement", "CASCADE"),
        _fk("you_said_we_did", "pulse_check_id", "pulse_check", "SET NULL"),
        _fk("you_said_we_did", "rater_assessment_id", "rater_assessment", "SET NULL"),
        _fk("you_said_we_did", "workshop_session_id", "workshop_session", "SET NULL"),
        _fk("you_said_we_did", "action_id", "gap_action", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_you_said_we_did")),
        sqlite_autoincrement=True,
    )
    _indexes(
        "you_said_we_did",
        "engagement_id",
        "pulse_check_id",
        "rater_assessment_id",
        "workshop_session_id",
        "action_id",
    )

    op.create_table(
        "small_win",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("won_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        *_who_and_when(),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_small_win_text_not_blank")),
        _fk("small_win", "engagement_id", "engagement", "CASCADE"),
        _fk("small_win", "milestone_id", "milestone", "SET NULL"),
        _fk("small_win", "touchpoint_id", "touchpoint", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_small_win")),
        sqlite_autoincrement=True,
    )
    _indexes("small_win", "engagement_id", "milestone_id", "touchpoint_id")

    if op.get_bind().dialect.name == "sqlite":
        for statement in loop_triggers():
            op.execute(statement)
        return
    # PostgreSQL: the same triggers in PL/pgSQL, and deferrable foreign keys as every
    # other table of a team workspace has (an undo puts rows back in groups).
    from cxdesk.store.server_schema import DEFERRABLE_FOREIGN_KEYS, postgres_trigger

    for statement in loop_triggers():
        for part in postgres_trigger(statement):
            op.execute(part)
    op.get_bind().exec_driver_sql(DEFERRABLE_FOREIGN_KEYS)


# --- keeping every link within one engagement --------------------------------------------

# A missing parent makes a subquery NULL and its comparison not true: the foreign key
# reports that. Only an update of the linking columns is checked, so a status change or
# a renumbering costs nothing extra. The messages name their rule before the colon (the
# constraint PostgreSQL reports) and hold no quote (the translation keeps them as text).
LINK_OF_ANOTHER_ENGAGEMENT = "loop_mismatch: the linked row belongs to another engagement"
RUNG_OF_ANOTHER_ENGAGEMENT = "rung_mismatch: the level is on the ladder of another engagement"


def _of(table: str, column: str) -> str:
    return f"(SELECT engagement_id FROM {table} WHERE id = NEW.{column})"


def _of_map(table: str, column: str) -> str:
    return (
        f"(SELECT p.engagement_id FROM {table} x JOIN map_phase p ON p.id = x.phase_id "
        f"WHERE x.id = NEW.{column})"
    )


_EXPECTATION = _of("expectation_item", "expectation_item_id")
_ASSESSMENT = _of("rater_assessment", "rater_assessment_id")
_TOUCHPOINT = _of_map("touchpoint", "touchpoint_id")
_STAKEHOLDER = _of("stakeholder", "stakeholder_id")
_HANDOFF_ITEM = _of_map("handoff_item", "handoff_item_id")
_PULSE = _of("pulse_check", "pulse_check_id")
_ISSUE = _of("issue", "issue_id")
_RUNG = _of("escalation_level", "rung_id")
_ACTION = _of("gap_action", "action_id")
_MILESTONE = _of("milestone", "milestone_id")
# A workshop session may belong to no engagement: then it belongs to none of ours.
_SESSION = (
    "(SELECT coalesce(engagement_id, 0) FROM workshop_session WHERE id = NEW.workshop_session_id)"
)


def _differs(*linked: str) -> str:
    return " OR ".join(f"{link} <> NEW.engagement_id" for link in linked)


def _moved_while_linked(*links: str) -> str:
    """An update that moves the row to another engagement while a row of the loop links it."""
    exists = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE {column} = OLD.id)"
        for table, column in (link.split(".") for link in links)
    )
    return f"NEW.engagement_id <> OLD.engagement_id AND ({exists})"


# (table, checked on insert too?, the columns whose update is checked, the condition that
# refuses the row, the message): first the new tables' own links...
_RULES = (
    (
        "gap_action",
        True,
        "engagement_id, expectation_item_id, rater_assessment_id, touchpoint_id, "
        "stakeholder_id, handoff_item_id, pulse_check_id, issue_id",
        _differs(
            _EXPECTATION, _ASSESSMENT, _TOUCHPOINT, _STAKEHOLDER, _HANDOFF_ITEM, _PULSE, _ISSUE
        ),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    ("issue", True, "engagement_id, rung_id", _differs(_RUNG), RUNG_OF_ANOTHER_ENGAGEMENT),
    ("issue_step", True, "issue_id, rung_id", f"{_RUNG} <> {_ISSUE}", RUNG_OF_ANOTHER_ENGAGEMENT),
    (
        "issue_touchpoint",
        True,
        "issue_id, touchpoint_id",
        f"{_TOUCHPOINT} <> {_ISSUE}",
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "you_said_we_did",
        True,
        "engagement_id, pulse_check_id, rater_assessment_id, workshop_session_id, action_id",
        _differs(_PULSE, _ASSESSMENT, _SESSION, _ACTION),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "small_win",
        True,
        "engagement_id, milestone_id, touchpoint_id",
        _differs(_MILESTONE, _TOUCHPOINT),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    # ... then the rows they link to, which keep their engagement while linked. (A map's
    # phases, touchpoints and stakeholders keep theirs always: 0005's triggers.)
    (
        "expectation_item",
        False,
        "engagement_id",
        _moved_while_linked("gap_action.expectation_item_id"),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "rater_assessment",
        False,
        "engagement_id",
        _moved_while_linked(
            "gap_action.rater_assessment_id", "you_said_we_did.rater_assessment_id"
        ),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "pulse_check",
        False,
        "engagement_id",
        _moved_while_linked("gap_action.pulse_check_id", "you_said_we_did.pulse_check_id"),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "escalation_level",
        False,
        "engagement_id",
        _moved_while_linked("issue.rung_id", "issue_step.rung_id"),
        RUNG_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "milestone",
        False,
        "engagement_id",
        _moved_while_linked("small_win.milestone_id"),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "workshop_session",
        False,
        "engagement_id",
        "coalesce(NEW.engagement_id, 0) <> coalesce(OLD.engagement_id, 0) "
        "AND EXISTS (SELECT 1 FROM you_said_we_did WHERE workshop_session_id = OLD.id)",
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "handoff_item",
        False,
        "phase_id",
        "(SELECT engagement_id FROM map_phase WHERE id = NEW.phase_id) "
        "<> (SELECT engagement_id FROM map_phase WHERE id = OLD.phase_id) "
        "AND EXISTS (SELECT 1 FROM gap_action WHERE handoff_item_id = OLD.id)",
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "gap_action",
        False,
        "engagement_id",
        "NEW.engagement_id <> OLD.engagement_id "
        "AND EXISTS (SELECT 1 FROM you_said_we_did WHERE action_id = OLD.id)",
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
    (
        "issue",
        False,
        "engagement_id",
        _moved_while_linked("gap_action.issue_id", "issue_touchpoint.issue_id"),
        LINK_OF_ANOTHER_ENGAGEMENT,
    ),
)
# The tables that stay on the way down, whose triggers downgrade drops by name.
_OLDER_TABLES = (
    "expectation_item",
    "rater_assessment",
    "pulse_check",
    "escalation_level",
    "milestone",
    "workshop_session",
    "handoff_item",
)


def _trigger_name(table: str, on_insert: bool, event: str) -> str:
    kind = "loop_links" if on_insert else "keeps_loop_links"
    return f"{table}_{kind}_on_{event}"


def loop_triggers() -> list[str]:
    """CREATE TRIGGER statements (SQLite's) keeping every link of the loop in its engagement."""
    statements = []
    for table, on_insert, columns, refused_when, message in _RULES:
        events = [("insert", "INSERT")] if on_insert else []
        events.append(("update", f"UPDATE OF {columns}"))
        for name, event in events:
            statements.append(
                f"CREATE TRIGGER {_trigger_name(table, on_insert, name)} "
                f"BEFORE {event} ON {table} FOR EACH ROW WHEN {refused_when} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    return statements


def _trigger_names() -> list[tuple[str, str]]:
    """(table, trigger) of every trigger this step makes."""
    names: list[tuple[str, str]] = []
    for table, on_insert, _columns, _when, _message in _RULES:
        events = ["insert", "update"] if on_insert else ["update"]
        names.extend((table, _trigger_name(table, on_insert, event)) for event in events)
    return names


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, trigger in _trigger_names():
        if table in _OLDER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}" + (f" ON {table}" if postgres else ""))
    for table in reversed(TABLES):
        op.drop_table(table)
    if postgres:
        for _table, trigger in _trigger_names():
            op.execute(f"DROP FUNCTION IF EXISTS {trigger}()")
