"""Start CX Desk from a source checkout: ``python main.py`` (same as the ``cxdesk`` command)."""

import sys

from cxdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
