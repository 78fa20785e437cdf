"""Entry point for ``python -m portal``; see :mod:`portal.cli`."""

import sys

from portal.cli import main

sys.exit(main())
