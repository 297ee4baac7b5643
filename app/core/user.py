"""Who is using CallCoach, when nobody has said: the login name, as the CLI's --reviewer and the app's default."""

from __future__ import annotations

import getpass


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        return "reviewer"
