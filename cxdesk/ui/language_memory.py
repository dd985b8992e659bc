"""The language each engagement's toolkit was last exported in, remembered on this computer.

Since schema 0015 an engagement's language is stored in the workspace itself
(``engagement.toolkit_language``, set by the export dialog as an undoable edit), and the
dialog starts there; this memory is what blank templates start from, and an engagement
nobody chose a language for yet.

Kept with the edition (``edition_memory``) in the app's settings, keyed by workspace and
engagement: the consultant exporting for a Polish board picks Polish once, and the next
export of that engagement starts there. Blank templates remember their own last language.
A stored code CX Desk no longer offers, or one remembered under another engagement's name
(ids are reused), is not used: English is offered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QSettings

from cxdesk.language import DEFAULT_LANGUAGE, available_languages
from cxdesk.models.records import EngagementRecord

GROUP = "toolkit-language"


class LanguageMemory:
    def __init__(self, settings: QSettings, database_path: Path | str) -> None:
        self.settings = settings
        digest = hashlib.sha1(str(database_path).encode(), usedforsecurity=False).hexdigest()
        self._workspace = digest[:16]

    def _key(self, engagement: EngagementRecord | None) -> str:
        which = "blank" if engagement is None else str(engagement.id)
        return f"{GROUP}/{self._workspace}-{which}"

    def recall(self, engagement: EngagementRecord | None) -> str:
        stored = self.settings.value(self._key(engagement))
        try:
            values = json.loads(stored) if isinstance(stored, str) else None
        except ValueError:
            return DEFAULT_LANGUAGE
        if not isinstance(values, dict):
            return DEFAULT_LANGUAGE
        name = None if engagement is None else engagement.name
        code = values.get("language")
        if values.get("engagement") != name or code not in available_languages():
            return DEFAULT_LANGUAGE
        return str(code)

    def remember(self, engagement: EngagementRecord | None, code: str) -> None:
        name = None if engagement is None else engagement.name
        values = {"engagement": name, "language": code}
        self.settings.setValue(self._key(engagement), json.dumps(values, ensure_ascii=False))
