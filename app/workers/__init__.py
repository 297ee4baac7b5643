"""The worker layer: runs the plain long-work functions of callcoach.core.jobs off the GUI thread (QtCore only).

Everything here is the only place the GUI gets threads from; widgets talk to Task signals, never to threads.
"""

from callcoach.workers.tasks import Task, TaskRunner, error_message

__all__ = ["Task", "TaskRunner", "error_message"]
