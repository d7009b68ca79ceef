"""The terminal: rendering (rich) and prompts (questionary, the answer box, $EDITOR).
It implements the ports a session declares (coach.session.ports).

May import everything below it (`export` and lower); never `practice` or `cli`.
"""
