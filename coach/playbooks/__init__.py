"""Practice formats. Each playbook turns a question into a SessionPlan.

    mock    every phase of the framework, with its budgets
    drill   one phase, graded on that phase's items
    sprint  every phase, budgets scaled to a total number of minutes
    pair    every phase, for `coach interviewer`: a person ticks what the candidate says

A new playbook is a module with a `plan(...)` function; nothing else changes.

May import `session` (the plan types), `content` and below.
"""
