"""A call's status in the library, from import to review: one list for storage, the CLI and the desktop app."""

from __future__ import annotations

STATUSES = ("queued", "transcribing", "analysed", "attention", "reviewed", "failed")
# Analysed, with or without an automatic score: "attention" is a call that cannot be scored automatically (see
# core.model.Transcript.attention); its reason is kept with the call, and it has no overall until reviewed.
DONE_STATUSES = ("analysed", "attention", "reviewed")
