"""Domain entities (SQLAlchemy) and the pure maths of the customer-experience gap.

Nothing here imports Qt, ReportLab or the storage layer: the maths is testable in
milliseconds and a PDF or a second front end can use the same entities.
"""
