"""The toolkit edition each engagement was last exported in, remembered on this computer.

Kept in the app's settings, keyed by workspace and engagement, not in the database: it is
the exporting consultant's habit, not the engagement's data. A colleague on a shared
workspace therefore starts from the client edition (the safe one) rather than from
someone else's "internal", and no schema change is needed.

An engagement's id can be given again to a new engagement once the newest one is deleted
(SQLite reuses the highest id): the engagement's name is kept with the choice, and a
choice remembered under another name is not used; the client edition is then offered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QSettings

from cxdesk.models.edition import CLIENT_EDITION, Edition, EditionChoice
from cxdesk.models.records import EngagementRecord

GROUP = "toolkit-edition"


class EditionMemory:
    def __init__(self, settings: QSettings, database_path: Path | str) -> None:
        self.settings = settings
        # QSettings keys cannot hold a path's slashes; a hash keeps one entry per workspace.
        digest = hashlib.sha1(str(database_path).encode(), usedforsecurity=False).hexdigest()
        self._workspace = digest[:16]

    def _key(self, engagement: EngagementRecord) -> str:
        return f"{GROUP}/{self._workspace}-{engagement.id}"

    def recall(self, engagement: EngagementRecord) -> EditionChoice:
        """The choice last exported for ``engagement``; the client edition when none (or
        when what is stored cannot be read: a hand-edited or older settings file)."""
        stored = self.settings.value(self._key(engagement))
        try:
            values = json.loads(stored) if isinstance(stored, str) else None
            if not isinstance(values, dict) or values.get("engagement") != engagement.name:
                return CLIENT_EDITION
            return EditionChoice(
                Edition(values["edition"]),
                participant_rows=values["participant_rows"] is True,
                team_vs_client=values["team_vs_client"] is True,
            )
        except (ValueError, KeyError):
            return CLIENT_EDITION

    def remember(self, engagement: EngagementRecord, choice: EditionChoice) -> None:
        values = {
            "engagement": engagement.name,
            "edition": choice.edition.value,
            "participant_rows": choice.participant_rows,
            "team_vs_client": choice.team_vs_client,
        }
        self.settings.setValue(self._key(engagement), json.dumps(values, ensure_ascii=False))
