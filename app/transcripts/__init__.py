"""Transcript importers: WebVTT and SRT (also Zoom, Teams, WhisperX), CallCoach JSON, and the JSON of Amazon
Transcribe, Call Analytics, Contact Lens, Post-Call Analytics, Bedrock Data Automation, Deepgram, AssemblyAI and
whisper/WhisperX. Each reader gives the speakers as the file names them; `speakers` decides who is the agent.

Pure Python (no Qt): `load_transcript(path)` returns an callcoach.core.model.Transcript or raises InputError.
"""

from callcoach.transcripts.loader import TRANSCRIPT_SUFFIXES, load_transcript

__all__ = ["TRANSCRIPT_SUFFIXES", "load_transcript"]
