"""The terminal: rendering (rich) and prompts (questionary, the answer box, $EDITOR).
The answer box is prompt_toolkit with a word-wrapping input (answer_box, wrap).
It implements the ports a session declares (coach.session.ports).

May import everything below it (`export` and lower); never `practice` or `cli`.
"""
