"""Speech to text: Whisper models, decoding and the faster-whisper adapter (no Qt)."""
