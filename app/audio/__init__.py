"""Audio side of the pipeline: decoding recordings, channels, diarization (no Qt here, see DESIGN.md "Architecture").

Submodules are imported explicitly (``from callcoach.audio.decode import load_audio``) so that importing this package
does not load PyAV or numpy for callers that only need one part.
"""
