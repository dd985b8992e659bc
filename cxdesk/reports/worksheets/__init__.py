"""Worksheets: the blank sheets a workshop writes on, beyond the toolkit's own sections.

A RATER scorecard for one respondent, an empty emotion-map canvas, pulse-check cards and
the action and issue log, each a section of its own (``cxdesk.reports.sections``
registers them), printed for the kickoff binder and, when asked for, in an engagement's
toolkit with the engagement's own phases and ladder. Every blank is big enough to write
in by hand (``WRITE_IN``, ``TICK``) and is also a fillable PDF field with a name a person
can read (``cxdesk.reports.form_fields``).

The layout the consultant chose at export (``TemplateLayout``: the kickoff's row count)
reaches the sections through :func:`template_layout`, set by the document builder around
one build: every section keeps the one signature ``build(data, brand)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from cxdesk.models.template_layout import DEFAULT_LAYOUT, TemplateLayout

MM = 72 / 25.4
WRITE_IN = 8.5 * MM  # a line to write on by hand: 8.5 mm
TICK = 4.6 * MM  # a box to tick: 4.6 mm

_layout: ContextVar[TemplateLayout] = ContextVar("template_layout", default=DEFAULT_LAYOUT)


def template_layout() -> TemplateLayout:
    """The layout of the toolkit being built (the default outside a build)."""
    return _layout.get()


@contextlib.contextmanager
def laid_out(layout: TemplateLayout) -> Iterator[None]:
    token = _layout.set(layout)
    try:
        yield
    finally:
        _layout.reset(token)
