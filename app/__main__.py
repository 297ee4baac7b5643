"""`python -m app` opens the desktop app; with arguments it is the command line (`python -m app analyze CALL`)."""

import sys

from app.cli import main

sys.exit(main(sys.argv[1:] or ["gui"]))
