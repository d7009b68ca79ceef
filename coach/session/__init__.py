"""One practice session's runtime: the plan, the phase timer and clock, the
interviewer's replies, the concept quiz, and the recovery file that keeps typing.

May import `store`, `engine`, `content` and `common`. It talks to the terminal only
through the ports it declares (a Prompter, a Presenter), and never calls `export` or
`progress`: the runner in `coach.practice` wires those in after a session ends.
"""
