"""The rule engine: pure, deterministic, explainable grading of written answers.

No terminal, no clock: text and content in, a Report out; `ticked` turns an
interviewer's ticks into a Report with the same arithmetic. Reading answer files and
the compiled-rubric cache are its only I/O (answer_files, cache).

May import `content`, `common`, `errors` and `paths` only.
"""

from coach.engine.grading import Report, grade, grade_text
from coach.engine.rules import Finding

__all__ = ["Finding", "Report", "grade", "grade_text"]
