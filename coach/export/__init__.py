"""Reports, sessions, stats and the history as JSON (for scripts) and markdown (for
people). Renders what the store kept; never grades again.

May import `progress`, `playbooks`, `session`, `store`, `engine`, `content` and `common`;
never `ui` or `cli`.
"""
