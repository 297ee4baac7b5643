"""CallCoach's bundled resources (rubric, phrase lists, trained detector heads, fonts, icons, the demo call).

A package so that they travel inside the wheel and are read with importlib.resources (callcoach.core.resources).
"""
