"""Which edition of the toolkit is printed: the one handed to the client, or our own.

The client edition is what a consultant may email to the client's board: the room's
results without names, no internal notes, none of our team's own scores. The internal
edition prints everything and says so on every page. What each edition may hold is
decided once, where the toolkit's data is read (``cxdesk.models.client_edition``), so a
section of the PDF cannot print what it was never given.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cxdesk.language import N_


class Edition(StrEnum):
    CLIENT = "client"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        return EDITION_LABELS[self]


EDITION_LABELS = {
    Edition.CLIENT: N_("Client edition"),
    Edition.INTERNAL: N_("Internal edition"),
}
INTERNAL_MARK = N_("Internal — not for the client")
"""Printed on every page of the internal edition, the cover included."""


@dataclass(frozen=True, slots=True)
class EditionChoice:
    """The edition and the two things a client edition leaves out unless ticked.

    The ticks are kept as the consultant left them when the internal edition is chosen
    (it prints everything anyway), so switching back to the client edition restores them.
    """

    edition: Edition = Edition.CLIENT
    # Each workshop participant's answers and total, as "Participant 1..n", never named.
    participant_rows: bool = False
    # Our team's gap beside the client's, per RATER dimension (our aggregate, not anyone's
    # own scores), and the overall team-vs-client difference.
    team_vs_client: bool = False

    @property
    def is_internal(self) -> bool:
        return self.edition is Edition.INTERNAL

    @property
    def prints_participant_rows(self) -> bool:
        return self.is_internal or self.participant_rows

    @property
    def prints_team_vs_client(self) -> bool:
        return self.is_internal or self.team_vs_client

    @property
    def names_people(self) -> bool:
        """Participants, respondents and stakeholders by name: the internal edition only."""
        return self.is_internal


CLIENT_EDITION = EditionChoice(Edition.CLIENT)
INTERNAL_EDITION = EditionChoice(Edition.INTERNAL)
