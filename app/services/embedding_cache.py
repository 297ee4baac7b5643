"""The library's stored sentence embeddings, handed to the detectors' encoder and kept after an analysis.

Processing a call again, or re-analysing it after a correction in another session, then encodes only the lines
that changed (storage.embeddings stores the vectors; this decides which texts a call needs).
"""

from __future__ import annotations

from sqlmodel import Session

from callcoach.core.analysis import Settings, analyze, detector_texts
from callcoach.core.detectors.detector import default_detector
from callcoach.core.model import Analysis, Transcript
from callcoach.core.rubric import Rubric
from callcoach.storage import Library, embeddings


def warm_encoder(session: Session, transcript: Transcript) -> set[str]:
    """Hand the encoder this call's stored vectors, so re-analysing it after a correction encodes one line;
    returns the texts that were stored already."""
    known = embeddings.load_vectors(session, detector_texts(transcript))
    default_detector().encoder.remember(known)
    return set(known)


def remember_call(session: Session, transcript: Transcript, stored: set[str] | frozenset[str] = frozenset()) -> None:
    """Store the vectors the encoder holds for this call's texts (after an analysis in this process), except
    those `stored` already."""
    texts = [t for t in dict.fromkeys(detector_texts(transcript)) if t not in stored]
    embeddings.store_vectors(session, default_detector().encoder.cached(texts))


def analyze_with_library_cache(
    library: Library, transcript: Transcript, rubric: Rubric, settings: Settings | None = None
) -> Analysis:
    """analyze(), with the sentence embeddings the library already holds for this call's lines reused and the new
    ones stored."""
    with library.read() as session:
        stored = warm_encoder(session, transcript)
    analysis = analyze(transcript, rubric, settings=settings)
    with library.write() as session:
        remember_call(session, transcript, stored)
    return analysis
