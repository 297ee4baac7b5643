"""`python -m callcoach` opens the desktop app; with arguments it is the command line."""

import sys

from callcoach.cli import main

sys.exit(main(sys.argv[1:] or ["gui"]))
