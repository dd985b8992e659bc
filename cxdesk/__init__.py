"""CX Desk: close the customer-experience gap on client engagements."""

__version__ = "0.1.0"
