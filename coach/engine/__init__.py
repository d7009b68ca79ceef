"""The rule engine: pure, deterministic, explainable grading of written answers.

No terminal, no files, no clock: text and content in, a Report out.
"""

from coach.engine.grading import Report, grade, grade_text
from coach.engine.rules import Finding

__all__ = ["Finding", "Report", "grade", "grade_text"]
