"""Transcript importers: WebVTT, SRT, CallCoach JSON and Amazon Transcribe Call Analytics JSON.

Pure Python (no Qt): `load_transcript(path)` returns an callcoach.core.model.Transcript or raises InputError.
"""

from callcoach.transcripts.loader import TRANSCRIPT_SUFFIXES, load_transcript

__all__ = ["TRANSCRIPT_SUFFIXES", "load_transcript"]
