"""The PDF toolkit's tables: the firm's brand (one row) and each engagement's escalation ladder.

As elsewhere every rule of the data is a CHECK, so a hand-written statement cannot store
what the dialogs refuse. The brand table holds at most one row (id 1); no row means the
default brand. An engagement without escalation rungs uses the default ladder (see
``cxdesk.store.escalation``). Ids are never reused (AUTOINCREMENT): undo brings deleted
rungs back under their old ids.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cxdesk.models.base import Base, Versioned
from cxdesk.models.brand import DEFAULT_BRAND, LOGO_MAX_BYTES, TEXT_MAX, LogoKind, PageSize
from cxdesk.models.constraints import not_blank, one_of
from cxdesk.models.escalation import NAME_MAX, SHORT_MAX, TRIGGER_MAX

COLOUR_LENGTH = 7  # "#1F4E79"


def _at_most(column: str, limit: int) -> CheckConstraint:
    return CheckConstraint(f"length({column}) <= {limit}", name=f"{column}_length")


def _colour(column: str) -> CheckConstraint:
    # LIKE is portable SQL; brand_problem checks the hex digits themselves on the way in.
    return CheckConstraint(f"{column} LIKE '#______'", name=f"{column}_hex")


class BrandRow(Versioned, Base):
    """The consultant firm's brand, printed on every page of the toolkit."""

    __tablename__ = "brand"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        not_blank("firm_name"),
        *(_at_most(column, limit) for column, limit in TEXT_MAX.items()),
        _colour("primary_colour"),
        _colour("accent_colour"),
        one_of("page_size", PageSize),
        one_of("logo_kind", LogoKind),
        CheckConstraint("(logo IS NULL) = (logo_kind IS NULL)", name="logo_complete"),
        CheckConstraint(f"logo IS NULL OR length(logo) <= {LOGO_MAX_BYTES}", name="logo_size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    firm_name: Mapped[str] = mapped_column(String(TEXT_MAX["firm_name"]))
    consultant: Mapped[str] = mapped_column(
        String(TEXT_MAX["consultant"]), default="", server_default=""
    )
    # Not "primary": a reserved word in SQL.
    primary_colour: Mapped[str] = mapped_column(String(COLOUR_LENGTH))
    accent_colour: Mapped[str] = mapped_column(String(COLOUR_LENGTH))
    footer: Mapped[str] = mapped_column(String(TEXT_MAX["footer"]), default="", server_default="")
    contact: Mapped[str] = mapped_column(String(TEXT_MAX["contact"]), default="", server_default="")
    page_size: Mapped[str] = mapped_column(
        String(8), default=DEFAULT_BRAND.page_size.value, server_default=PageSize.A4.value
    )
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_kind: Mapped[str | None] = mapped_column(String(8))


class EscalationRung(Versioned, Base):
    """One rung of an engagement's issue escalation ladder (0 = the first rung)."""

    __tablename__ = "escalation_level"
    __table_args__ = (
        not_blank("name"),
        CheckConstraint(
            "position = CAST(position AS INTEGER) AND position >= 0", name="position_range"
        ),
        _at_most("name", NAME_MAX),
        _at_most("trigger", TRIGGER_MAX),
        _at_most("owner", SHORT_MAX),
        _at_most("response_time", SHORT_MAX),
        _at_most("channel", SHORT_MAX),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    trigger: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str] = mapped_column(String(SHORT_MAX), default="", server_default="")
    response_time: Mapped[str] = mapped_column(String(SHORT_MAX), default="", server_default="")
    channel: Mapped[str] = mapped_column(String(SHORT_MAX), default="", server_default="")
