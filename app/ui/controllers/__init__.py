"""What the desktop app does, apart from how it looks: library, processing queue and review, over the workers.

The *_jobs modules are plain functions with no Qt (progress and cancel callbacks, callcoach.core.jobs contract) that
the controllers run on a TaskRunner; the controllers turn their results into signals for the screens.
"""
