"""`python3 -m bot`: the same command line as `guichet`."""

import sys

from .cli import main

sys.exit(main())
