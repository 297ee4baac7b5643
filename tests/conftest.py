"""Test-wide settings: Qt runs offscreen, and tests never touch a user's real data folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a test that tries to reach a model hub must fail, not hang
