"""`python -m app` runs the command line (the desktop app arrives as `callcoach gui`)."""

import sys

from app.cli import main

sys.exit(main())
