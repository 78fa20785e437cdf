"""Entry point for ``python -m portal``; see :mod:`portal.cli.main`."""

import atexit
import gc
import sys

from portal.cli.main import main

# As for a site build (portal/site/build.py): at exit, Python's final collection would walk every object
# once more (``check`` of 10,000 records: about 0.1 s); the operating system takes the memory back.
atexit.register(gc.freeze)
sys.exit(main())
