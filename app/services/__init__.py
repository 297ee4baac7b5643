"""The use cases, each written once: open a library, import, process the queue, load a call for review, correct a
line, set a review, export. The command line and the desktop app's jobs both call these; no Qt here.

Long work is a plain function with ``progress`` and ``cancel`` callbacks (callcoach.core.jobs): the CLI draws a
progress bar from them, the worker layer runs them off the GUI thread.
"""
