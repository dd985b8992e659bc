"""Domain entities (SQLAlchemy) and the pure maths of the customer-experience gap.

Which file is which, from its name: the SQLAlchemy tables live in the ``*_entities.py``
modules (with ``base.py``, the declarative base, ``constraints.py``, their shared CHECK
constraints, and ``tables.py``, which imports every one of them); every other module is
plain values and maths, with no session and no database.

Nothing here imports Qt, ReportLab or the storage layer: the maths is testable in
milliseconds and a PDF or a second front end can use the same entities.
"""
