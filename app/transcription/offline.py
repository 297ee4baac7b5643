"""Keep the transcription stack from phoning home.

onnxruntime (which faster-whisper loads for its voice-activity filter) ships Microsoft's 1DS telemetry
client: on its first session it writes a device id and an event queue under
`~/.cache/Microsoft/DeveloperTools/.onnxruntime/` and may try to reach `mobile.events.data.microsoft.com`.
CallCoach promises that nothing leaves the machine, so telemetry is switched off in-process before any
onnxruntime session exists, and the Hugging Face client is told it is offline (faster-whisper would
otherwise be free to ask the hub for a model name it does not find locally).
"""

from __future__ import annotations

import os

_ENVIRONMENT = {
    # read by onnxruntime when it creates its environment: no telemetry client, no files under ~/.cache/Microsoft
    # (disable_telemetry_events() alone stops the events but not the device id and queue files)
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
}

_done = False


def go_offline() -> None:
    """Idempotent; call before the first onnxruntime session (WhisperEngine does)."""
    global _done
    if _done:
        return
    for key, value in _ENVIRONMENT.items():
        os.environ[key] = value
    try:
        import onnxruntime
    except ImportError:  # no voice-activity filter installed: nothing to switch off
        _done = True
        return
    onnxruntime.disable_telemetry_events()
    _done = True
