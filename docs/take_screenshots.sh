#!/bin/sh
# Regenerate docs/screenshots/*.png: the real CallCoach window on a virtual X display (Xvfb).
# Needs: xvfb-run (xvfb, xauth), Qt's xcb libraries (libxcb-cursor0, libxkbcommon-x11-0, ...), pdftoppm
# (poppler-utils) and the project's .venv (make run or make test creates it). When pulseaudio is installed, a
# private PulseAudio server with a silent null sink gives the player an output device (a machine without
# one shows "No audio output device" in the review screen).
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=xcb

pulse_pid=""
if command -v pulseaudio >/dev/null 2>&1; then
    XDG_RUNTIME_DIR=$(mktemp -d)
    export XDG_RUNTIME_DIR
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit \
        -L module-null-sink -L module-native-protocol-unix >/dev/null 2>&1 &
    pulse_pid=$!
    trap 'kill "$pulse_pid" 2>/dev/null || true; rm -rf "$XDG_RUNTIME_DIR"' EXIT
    sleep 1
fi

xvfb-run -a -s "-screen 0 1440x900x24" "$PYTHON" docs/take_screenshots.py "$@"
