"""The branded PDF Expectation Management Toolkit, built with ReportLab (no Qt here).

Import nothing heavy at package level: the app starts without ReportLab, and the first
export pays for it. Entry point: ``cxdesk.reports.document.build_toolkit``.
"""
