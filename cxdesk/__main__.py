"""``python -m cxdesk`` starts the app, like the ``cxdesk`` command."""

import sys

from cxdesk.app import main

sys.exit(main())
