"""Every entity module, imported so ``Base.metadata`` knows the whole schema.

Migrations compare against it and undoing a delete walks its foreign keys: both must
see every table, whichever modules happen to have been imported already.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from cxdesk.models import (  # noqa: F401  (registers their tables)
    engagement_entities,
    feedback_entities,
    journey_entities,
    loop_entities,
    toolkit_entities,
    workshop_entities,
    workspace_entities,
)
from cxdesk.models.base import Base


def metadata() -> MetaData:
    return Base.metadata
