"""PDF scorecards, agent reports and transcript exports (no Qt).

Submodules are imported on demand: `exports` and `redact` do not load reportlab, so the command line's
text exports start fast; only `scorecard`, `agent_report` and `charts` need it.
"""
