"""One practice session's runtime: the plan, the phase timer and clock, the
interviewer's replies, the concept quiz, the recovery file that keeps typing, and the
pair-practice session where a person ticks the checklist (pair, pair_sheet, scored_by).

May import `store`, `engine`, `content` and `common`. It talks to the terminal only
through the ports it declares (a Prompter, a Presenter), and never calls `export` or
`progress`: the runner in `coach.practice` wires those in after a session ends.
"""
